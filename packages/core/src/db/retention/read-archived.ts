import { type Kysely, sql, type Transaction } from 'kysely';
import { DyocenseError } from '../../errors/index.js';
import type { Grain } from '../../model/frequency.js';
import { appRole, tenantSetting } from '../app-role.js';
import type { DyocenseSchema } from '../schema.js';
import { withTenant } from '../with-tenant.js';
import { readArchiveFile } from './archive-file.js';
import { type ArchivedPoint, archiveChecksum, fromMicros, mergePoints, toMicros } from './archive-points.js';
import {
  addToPartials,
  type BucketPartial,
  bucketStart as bucketStartMs,
  combinePartials,
  finishBuckets,
} from './bucket-partials.js';

/** A half-open range `[from, to)`; a missing bound is open. */
export interface InstantRange {
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
}

/** Archived points of one metric in a range, and the UTC months (starts) they came from. */
export interface ArchivedRead {
  readonly months: readonly Date[];
  readonly points: readonly ArchivedPoint[];
}

/**
 * Reads, inside the caller's tenant transaction, the archived points of `metric` in `range` from the Parquet files
 * `archived_ranges` lists for the months the range overlaps, each file checked against its recorded row count and
 * checksum. Sorted by instant and series. One query and no file read when nothing of the range is archived.
 *
 * @throws DyocenseError `internal` when a listed file is missing, unreadable or differs from its record.
 */
export async function readArchivedPoints(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  metric: string,
  range: InstantRange,
): Promise<ArchivedRead> {
  // Months are UTC dates: compared as UTC instants, whatever the session's time zone.
  const { rows } = await sql<{ month: string; file_path: string; rows: number; checksum: string }>`
    select to_char(month, 'YYYY-MM-DD') as month, file_path, rows, checksum from archived_ranges
    where tenant_id = ${tenantId}::uuid and metric = ${metric}
      ${range.to === undefined ? sql`` : sql`and month::timestamp at time zone 'UTC' < ${range.to.toISOString()}::timestamptz`}
      ${range.from === undefined ? sql`` : sql`and (month + interval '1 month') at time zone 'UTC' > ${range.from.toISOString()}::timestamptz`}
    order by month`.execute(trx);
  if (rows.length === 0) return { months: [], points: [] };
  const from = range.from === undefined ? undefined : toMicros(range.from);
  const to = range.to === undefined ? undefined : toMicros(range.to);
  const points: ArchivedPoint[] = [];
  for (const row of rows) {
    const filePoints = await readArchiveFile(row.file_path);
    if (filePoints.length !== row.rows || archiveChecksum(filePoints) !== row.checksum) {
      throw new DyocenseError({
        code: 'internal',
        message: `The archive file ${row.file_path} of ${metric} ${row.month.slice(0, 7)} does not match its record (${filePoints.length} of ${row.rows} rows or a different checksum)`,
        details: { path: row.file_path },
      });
    }
    for (const point of filePoints) {
      if ((from === undefined || point.tsMicros >= from) && (to === undefined || point.tsMicros < to)) {
        points.push(point);
      }
    }
  }
  return { months: rows.map((row) => new Date(`${row.month}T00:00:00Z`)), points };
}

/** A raw point as read from `metric_points` (`dimensions` parsed, `series_key` kept for merging). */
export interface RawPointRow {
  readonly ts: Date;
  readonly series_key: string;
  readonly value: number;
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * Merges database rows with archived points into one list ordered as `order by ts, series_key`: a point present in
 * both (ingested again after its month was archived) is taken from the database.
 */
export function mergeRawPoints(
  rows: readonly RawPointRow[],
  archived: readonly ArchivedPoint[],
): { ts: Date; value: number; dimensions: Readonly<Record<string, string>> }[] {
  if (archived.length === 0) return rows.map(({ ts, value, dimensions }) => ({ ts, value, dimensions }));
  type Keyed = {
    tsMicros: bigint;
    seriesKey: string;
    ts: Date;
    value: number;
    dimensions: Readonly<Record<string, string>>;
  };
  const fromArchive: Keyed[] = archived.map((point) => ({
    tsMicros: point.tsMicros,
    seriesKey: point.seriesKey,
    ts: fromMicros(point.tsMicros),
    value: point.value,
    dimensions: JSON.parse(point.dimensions) as Record<string, string>,
  }));
  const fromDatabase: Keyed[] = rows.map((row) => ({
    tsMicros: toMicros(row.ts),
    seriesKey: row.series_key,
    ts: row.ts,
    value: row.value,
    dimensions: row.dimensions,
  }));
  return mergePoints(fromArchive, fromDatabase).map(({ ts, value, dimensions }) => ({
    ts,
    value,
    dimensions,
  }));
}

/** The read `readMetricSeries` passes on when the buckets come from raw points. */
export interface RawSeriesRead {
  readonly metric: string;
  readonly grain: Grain;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly aggregation: 'sum' | 'avg' | 'min' | 'max' | 'count';
  readonly limit: number;
}

/**
 * Whether `dyocense_read_metric` answers a read from raw points (hours, or bounds inside a day) rather than the
 * rollups, which retention never touches. Mirrors the function's choice of source (migration 0002).
 */
export function readsRawPoints(grain: Grain, from: Date | undefined, to: Date | undefined): boolean {
  const dayAligned = (date: Date | undefined) => date === undefined || date.getTime() % 86_400_000 === 0;
  return grain === 'hour' || !dayAligned(from) || !dayAligned(to);
}

/**
 * A raw-point read over archived months: buckets from the archive files (merged with any point ingested into an
 * archived month since) and from `metric_points` for the other months, combined bucket by bucket. One repeatable
 * read transaction, so files and rows show the same instant.
 *
 * @returns the buckets, or `undefined` when no archived month overlaps the range (the caller reads as usual).
 */
export async function readSeriesWithArchive(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  read: RawSeriesRead,
): Promise<{ ts: Date; value: number }[] | undefined> {
  const { metric, grain, from, to } = read;
  const run = async (trx: Transaction<DyocenseSchema>) => {
    const archived = await readArchivedPoints(trx, tenantId, metric, { from, to });
    if (archived.months.length === 0) return undefined;
    const monthStarts = archived.months.map((month) => month.toISOString());
    const range = sql`${from === undefined ? sql`` : sql`and ts >= ${from.toISOString()}::timestamptz`}
        ${to === undefined ? sql`` : sql`and ts < ${to.toISOString()}::timestamptz`}`;
    // Points ingested into an archived month after it was archived: merged point by point with the file.
    const late = await sql<RawPointRow>`
        select ts, series_key, value, dimensions from metric_points
        where tenant_id = ${tenantId}::uuid and metric = ${metric} ${range}
          and date_trunc('month', ts, 'UTC') = any(${monthStarts}::timestamptz[])`.execute(trx);
    const partials = new Map<number, BucketPartial>();
    for (const point of mergeRawPoints(late.rows, archived.points)) {
      addToPartials(partials, bucketStartOf(point.ts, grain), point.value);
    }
    // Every other month straight from the table, pre-aggregated per bucket.
    const rest = await sql<{ bucket: Date; count: string; sum: number; min: number; max: number }>`
        select date_trunc(${grain}, ts, 'UTC') as bucket, count(*) as count, sum(value) as sum, min(value) as min,
          max(value) as max
        from metric_points
        where tenant_id = ${tenantId}::uuid and metric = ${metric} ${range}
          and date_trunc('month', ts, 'UTC') <> all(${monthStarts}::timestamptz[])
        group by 1`.execute(trx);
    combinePartials(
      partials,
      new Map(
        rest.rows.map((row) => [
          row.bucket.getTime(),
          { count: Number(row.count), sum: row.sum, min: row.min, max: row.max },
        ]),
      ),
    );
    return finishBuckets(partials, read.aggregation, read.limit);
  };
  // Inside a caller's transaction (as `readMetricSeries` allows): set the tenant for it, as the SQL read does.
  if (db.isTransaction) {
    await sql`select set_config('role', ${appRole}, true), set_config(${tenantSetting}, ${tenantId}, true)`.execute(
      db,
    );
    return run(db as Transaction<DyocenseSchema>);
  }
  return withTenant(db, tenantId, run, { isolation: 'repeatable read' });
}

function bucketStartOf(ts: Date, grain: Grain): number {
  return bucketStartMs(ts.getTime(), grain);
}
