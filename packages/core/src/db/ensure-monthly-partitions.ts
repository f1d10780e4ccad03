import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { DyocenseError, parseInput } from '../errors/index.js';
import { isolatePartition } from './internal/isolation-sql.js';
import { toDatabaseError } from './internal/to-database-error.js';

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Expected a month as YYYY-MM');

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const end = to.replace('-', '');
  while (`${year}${String(month).padStart(2, '0')}` <= end) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}

function nextMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
}

/**
 * Creates the monthly partitions of `metric_points` from `fromMonth` to `toMonth` (inclusive, `YYYY-MM`) that
 * do not exist yet, each with forced row-level security. Run it as the owner (a maintenance job or
 * `dyocense migrate`), ahead of the months to be ingested: the app role cannot run DDL by design, and points
 * of a month without a partition land in the default partition meanwhile.
 *
 * On PGlite, pass the database's own `db`. Partition bounds are in UTC. Returns the months created.
 *
 * @throws DyocenseError `invalid_input` for a malformed or reversed range; `conflict` when the default
 *   partition already holds points of a requested month (PostgreSQL refuses to create that partition).
 */
export async function ensureMonthlyPartitions<Database>(
  ownerDb: Kysely<Database>,
  fromMonth: string,
  toMonth: string,
): Promise<string[]> {
  const from = parseInput(monthSchema, fromMonth, 'first month');
  const to = parseInput(monthSchema, toMonth, 'last month');
  const months = monthsBetween(from, to);
  if (months.length === 0 || months.length > 1200) {
    parseInput(z.never(), `${from}..${to}`, 'month range (first <= last, at most 100 years)');
  }
  try {
    return await ownerDb.transaction().execute(async (trx) => {
      // Back to the session user for this transaction: a no-op for an owner's connection, the superuser on
      // PGlite (whose session otherwise runs as the app role).
      await sql`set local role none`.execute(trx);
      const created: string[] = [];
      for (const month of months) {
        const name = `metric_points_p${month.replace('-', '')}`;
        const exists = await sql<{
          found: boolean;
        }>`select to_regclass(${name}) is not null as found`.execute(trx);
        if (exists.rows[0]?.found === true) continue;
        await sql
          .raw(
            `create table ${name} partition of metric_points for values from ('${month}-01 00:00:00+00') to ('${nextMonth(month)}-01 00:00:00+00')`,
          )
          .execute(trx);
        for (const statement of isolatePartition(name)) await sql.raw(statement).execute(trx);
        created.push(month);
      }
      return created;
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === '23514') {
      throw new DyocenseError({
        code: 'conflict',
        message: `The default partition of metric_points already holds points in ${from}..${to}; move them out before creating these month partitions.`,
        cause: error,
      });
    }
    throw toDatabaseError(error, 'Creating metric partitions');
  }
}
