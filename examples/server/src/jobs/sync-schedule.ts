import { type DyocenseSchema, jobsSchema, withTenant } from '@dyocense/core/db';
import cronParser from 'cron-parser';
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { insertSyncRun } from './sync-runs.js';

/**
 * Reads a cron expression the way pg-boss 10 does (cron-parser 4: five fields, or six with seconds first) in an
 * IANA time zone. @throws Error when either is invalid.
 */
function parseCron(cron: string, timezone: string, currentDate: Date) {
  return cronParser.parseExpression(cron, { tz: timezone, currentDate });
}

/**
 * A data source's sync schedule as the API takes it: a cron expression (`0 6 * * *`: daily at 06:00) and a time
 * zone (default UTC). Schedules fire at most once a minute (the scheduler's tick).
 */
export const syncScheduleSchema = z
  .object({
    cron: z.string().trim().min(9).max(200),
    timezone: z.string().min(1).max(100).default('UTC'),
  })
  .superRefine((value, context) => {
    try {
      parseCron(value.cron, value.timezone, new Date());
    } catch (error) {
      context.addIssue({
        code: 'custom',
        path: ['cron'],
        message: `not a valid cron expression in ${value.timezone}: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  });

/** The first time `cron` fires strictly after `after`. @throws Error for an invalid expression or zone. */
export function nextRunAfter(cron: string, timezone: string, after: Date): Date {
  return parseCron(cron, timezone, after).next().toDate();
}

interface ScheduleRow {
  tenant_id: string;
  data_source_id: string;
  cron: string;
  timezone: string;
  next_run_at: Date | null;
}

/** One due schedule a tick claimed. */
export interface FiredSchedule {
  readonly tenantId: string;
  readonly dataSourceId: string;
  /** The run queued for it; undefined when the data source vanished meanwhile. */
  readonly syncRunId: string | undefined;
}

/** Enqueues the job of a queued run, in the transaction that stored the run (so neither exists without the other). */
export type EnqueueSync = (
  trx: Transaction<DyocenseSchema>,
  job: { tenantId: string; syncRunId: string },
) => Promise<void>;

/**
 * Claims the next due schedule (or one whose next run is not computed yet) and advances its `next_run_at` past
 * `now`: a schedule that missed several times while the server was down fires once, not once per miss. Skips rows
 * another tick holds (FOR UPDATE SKIP LOCKED), so concurrent servers never fire one schedule twice.
 */
async function claimNext(
  db: Kysely<DyocenseSchema>,
  now: Date,
): Promise<{ row: ScheduleRow; due: boolean } | undefined> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<ScheduleRow>`
      select tenant_id, data_source_id, cron, timezone, next_run_at
      from ${sql.table(`${jobsSchema}.sync_schedules`)}
      where next_run_at is null or next_run_at <= ${now}
      order by next_run_at nulls first
      limit 1
      for update skip locked`.execute(trx);
    const row = rows[0];
    if (row === undefined) return undefined;
    let next: Date;
    let error: string | null = null;
    try {
      next = nextRunAfter(row.cron, row.timezone, now);
    } catch (cause) {
      // Stored without the API's validation: park it for a day and say why.
      next = new Date(now.getTime() + 86_400_000);
      error = `Invalid schedule: ${cause instanceof Error ? cause.message : String(cause)}`;
    }
    await sql`
      update ${sql.table(`${jobsSchema}.sync_schedules`)}
      set next_run_at = ${next}, last_error = ${error}, updated_at = now()
      where tenant_id = ${row.tenant_id} and data_source_id = ${row.data_source_id}`.execute(trx);
    return { row, due: row.next_run_at !== null && error === null };
  });
}

/**
 * One scheduler tick at `now` (pg-boss runs it every minute; tests pass their own clock): for every schedule due
 * by `now`, queues a sync run (trigger `schedule`) and its job, under the schedule's tenant. Schedules seen for
 * the first time only get their next run computed. At most `limit` schedules per tick; the rest wait for the next.
 *
 * The schedule table holds ids and cron text only and has no row-level security (the tick must see every tenant).
 * It is safe because the tick never reads tenant data through it: the run is stored inside `withTenant` of the
 * schedule's own tenant, where the composite foreign key (tenant_id, data_source_id) only accepts a data source of
 * that tenant, so a wrong pair stores nothing.
 */
export async function runScheduleTick(
  db: Kysely<DyocenseSchema>,
  enqueue: EnqueueSync,
  now: Date = new Date(),
  limit = 500,
): Promise<FiredSchedule[]> {
  const fired: FiredSchedule[] = [];
  for (let claimed = 0; claimed < limit; claimed++) {
    const next = await claimNext(db, now);
    if (next === undefined) break;
    if (!next.due) continue;
    const { tenant_id: tenantId, data_source_id: dataSourceId } = next.row;
    const syncRunId = await withTenant(db, tenantId, async (trx) => {
      const source = await trx
        .selectFrom('data_sources')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', dataSourceId)
        .executeTakeFirst();
      if (source === undefined) return undefined;
      const run = await insertSyncRun(trx, tenantId, dataSourceId, 'schedule');
      await enqueue(trx, { tenantId, syncRunId: run.id });
      return run.id;
    });
    fired.push({ tenantId, dataSourceId, syncRunId });
  }
  return fired;
}
