import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { DyocenseError, parseInput } from '../../errors/index.js';
import { toDatabaseError } from '../internal/to-database-error.js';
import type { DyocenseSchema } from '../schema.js';
import { parseTenantId, withTenant } from '../with-tenant.js';
import { readArchiveFile, writeArchiveFile } from './archive-file.js';
import { type ArchivedPoint, mergePoints, monthLabel, nextMonth, retentionCutoff } from './archive-points.js';
import { readRetentionPolicy } from './retention-policy.js';

/** Archive directory when neither the option nor `DYOCENSE_ARCHIVE_DIR` names one (beside `.dyocense/pglite`). */
export const defaultArchiveDirectory = '.dyocense/archive';

/** The archive directory: `DYOCENSE_ARCHIVE_DIR`, else {@link defaultArchiveDirectory}, as an absolute path. */
export function archiveDirectoryFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.DYOCENSE_ARCHIVE_DIR || defaultArchiveDirectory);
}

const applyOptionsSchema = z.object({
  archiveDirectory: z.string().min(1),
  now: z.date().optional(),
});

/** Where {@link applyRetention} writes and what it takes as "now" (tests pass a fixed instant). */
export type ApplyRetentionOptions = z.input<typeof applyOptionsSchema>;

/** One metric month moved to Parquet by {@link applyRetention}. */
export interface ArchivedMonth {
  readonly metric: string;
  /** `YYYY-MM`. */
  readonly month: string;
  readonly path: string;
  /** Points in the file (earlier archived points of the month included). */
  readonly rows: number;
  /** Points deleted from `metric_points` by this call. */
  readonly deleted: number;
}

/** What {@link applyRetention} did for one tenant. */
export interface RetentionReport {
  /** `null` when the tenant has no policy (nothing is archived). */
  readonly rawDays: number | null;
  /** First instant kept raw; `null` without a policy. */
  readonly cutoff: Date | null;
  readonly archived: readonly ArchivedMonth[];
}

/** A directory name for a metric: readable, and unique by a hash (names may hold any character). */
function metricDirectory(metric: string): string {
  const readable = metric.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60);
  return `${readable}-${createHash('sha256').update(metric).digest('hex').slice(0, 12)}`;
}

/** Directory of one tenant's archive files. */
export function tenantArchiveDirectory(archiveDirectory: string, tenantId: string): string {
  return join(resolve(archiveDirectory), parseTenantId(tenantId));
}

interface PointRow {
  series_key: string;
  ts_micros: string;
  value: number;
  dimensions: string;
}

/**
 * Archives one month of one metric in one tenant transaction: the month's points (merged over an earlier archive
 * of the month, the newer point winning) are written to a new Parquet file that is fsynced and verified by
 * reading it back, then `archived_ranges` is upserted and the points deleted, in the same transaction. Any failure
 * rolls back (nothing deleted) and removes the new file; a replaced file is removed only after the commit.
 */
async function archiveMonth(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  metric: string,
  month: Date,
  directory: string,
): Promise<ArchivedMonth> {
  const end = nextMonth(month);
  let written: string | undefined;
  let replaced: string | undefined;
  try {
    const result = await withTenant(db, tenantId, async (trx) => {
      // Locks the month's catalogue row, so two concurrent runs cannot both rewrite the same month.
      const previous = await sql<{ file_path: string }>`
        select file_path from archived_ranges
        where tenant_id = ${tenantId}::uuid and metric = ${metric} and month = ${`${monthLabel(month)}-01`}::date
        for update`.execute(trx);
      const { rows } = await sql<PointRow>`
        select series_key, (extract(epoch from ts) * 1000000)::int8::text as ts_micros, value,
          dimensions::text as dimensions
        from metric_points
        where tenant_id = ${tenantId}::uuid and metric = ${metric}
          and ts >= ${month.toISOString()}::timestamptz and ts < ${end.toISOString()}::timestamptz
        order by ts, series_key`.execute(trx);
      const fresh: ArchivedPoint[] = rows.map((row) => ({
        tsMicros: BigInt(row.ts_micros),
        seriesKey: row.series_key,
        value: row.value,
        dimensions: row.dimensions,
      }));
      const earlierPath = previous.rows[0]?.file_path;
      const earlier = earlierPath === undefined ? [] : await readArchiveFile(earlierPath);
      const points = mergePoints(earlier, fresh);
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const path = join(directory, `${monthLabel(month)}.${randomSuffix()}.parquet`);
      written = path;
      const checksum = await writeArchiveFile(path, points);
      await sql`
        insert into archived_ranges (tenant_id, metric, month, file_path, rows, first_ts, last_ts, checksum)
        values (${tenantId}::uuid, ${metric}, ${`${monthLabel(month)}-01`}::date, ${path}, ${points.length},
          ${instantSql(points[0]?.tsMicros ?? 0n)}, ${instantSql(points.at(-1)?.tsMicros ?? 0n)}, ${checksum})
        on conflict (tenant_id, metric, month) do update set file_path = excluded.file_path, rows = excluded.rows,
          first_ts = excluded.first_ts, last_ts = excluded.last_ts, checksum = excluded.checksum,
          archived_at = now()`.execute(trx);
      const deleted = await sql`
        delete from metric_points
        where tenant_id = ${tenantId}::uuid and metric = ${metric}
          and ts >= ${month.toISOString()}::timestamptz and ts < ${end.toISOString()}::timestamptz`.execute(
        trx,
      );
      const count = Number(deleted.numAffectedRows ?? 0n);
      // A point committed by an ingest between the read and the delete is not in the file: refuse to lose it.
      if (count !== fresh.length) {
        throw new DyocenseError({
          code: 'conflict',
          message: `Retention of ${metric} ${monthLabel(month)}: ${count} points to delete but ${fresh.length} archived (an ingest changed the month meanwhile); run it again`,
        });
      }
      replaced = earlierPath;
      return { metric, month: monthLabel(month), path, rows: points.length, deleted: count };
    });
    // Committed: the new file is the month's record now and must outlive any failure below.
    written = undefined;
    if (replaced !== undefined && replaced !== result.path) await rm(replaced, { force: true });
    return result;
  } catch (error) {
    if (written !== undefined) await rm(written, { force: true });
    throw toDatabaseError(error, 'Retention');
  }
}

/** A `timestamptz` from microseconds since the epoch, exact (a `Date` would drop the microseconds). */
function instantSql(micros: bigint) {
  return sql`(timestamptz 'epoch' + ${String(micros)}::int8 * interval '1 microsecond')`;
}

/** A short random file-name part: a rewritten month gets a new file, so the catalogue never names a half-written one. */
function randomSuffix(): string {
  return createHash('sha256').update(`${Date.now()}-${Math.random()}`).digest('hex').slice(0, 12);
}

/**
 * Applies a tenant's retention policy: every raw metric point older than the cutoff (the start of the UTC month
 * that holds `now - raw_days`) moves to Parquet, one file per metric and month under
 * `<archiveDirectory>/<tenant>/<metric>/`, each verified on disk before its points are deleted in the transaction
 * that records it in `archived_ranges`. Rollups are left as they are, so day/week/month reads do not change; raw
 * reads and exports read the files back (see `readArchivedPoints`). A second run with nothing new to archive does
 * nothing. Months run one by one: a failure stops the run with earlier months archived and the failed month and
 * later ones untouched.
 *
 * @throws DyocenseError `invalid_input` for a bad tenant id or options; `internal` when a file cannot be written
 *   or verified (its month's points are kept); database errors as `unavailable` or `internal`.
 * @example
 * const report = await applyRetention(db, tenantId, { archiveDirectory: archiveDirectoryFromEnvironment() });
 */
export async function applyRetention(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  options: ApplyRetentionOptions,
): Promise<RetentionReport> {
  const tenant = parseTenantId(tenantId);
  const { archiveDirectory, now = new Date() } = parseInput(applyOptionsSchema, options, 'retention options');
  const policy = await readRetentionPolicy(db, tenant);
  if (policy === null) return { rawDays: null, cutoff: null, archived: [] };
  const cutoff = retentionCutoff(now, policy.rawDays);
  let months: { metric: string; month: Date }[];
  try {
    months = await withTenant(db, tenant, async (trx) => {
      const { rows } = await sql<{ metric: string; month: Date }>`
        select metric, date_trunc('month', ts, 'UTC') as month from metric_points
        where tenant_id = ${tenant}::uuid and ts < ${cutoff.toISOString()}::timestamptz
        group by 1, 2 order by 1, 2`.execute(trx);
      return rows;
    });
  } catch (error) {
    throw toDatabaseError(error, 'Retention');
  }
  const root = tenantArchiveDirectory(archiveDirectory, tenant);
  const archived: ArchivedMonth[] = [];
  for (const { metric, month } of months) {
    archived.push(await archiveMonth(db, tenant, metric, month, join(root, metricDirectory(metric))));
  }
  return { rawDays: policy.rawDays, cutoff, archived };
}
