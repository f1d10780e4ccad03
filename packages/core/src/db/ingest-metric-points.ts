import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { DyocenseError, parseInput } from '../errors/index.js';
import {
  type EncodedPoints,
  encodeMetricPoints,
  type metricPointSchema,
  pickRows,
} from './internal/encode-metric-points.js';
import {
  addToRollupsSql,
  addTouchedDays,
  refreshRollups,
  type TouchedDays,
} from './internal/refresh-rollups.js';
import { toDatabaseError } from './internal/to-database-error.js';
import type { DyocenseSchema } from './schema.js';
import { withTenant } from './with-tenant.js';

/** One point as given by a caller: `ts` is a `Date` or an ISO 8601 string; `dimensions` name the series. */
export type MetricPointInput = z.input<typeof metricPointSchema>;

/** Options of {@link ingestMetricPoints}. */
export interface IngestOptions {
  /** Points per `INSERT ... SELECT FROM unnest(...)` statement; default 10,000. */
  readonly batchSize?: number;
}

/** What an ingest wrote. Re-uploading the same points gives `{ inserted: 0, updated: 0 }`. */
export interface IngestResult {
  /** Points whose (metric, dimensions, ts) were new. */
  readonly inserted: number;
  /** Existing points whose value changed. */
  readonly updated: number;
}

/**
 * Numbers as one array literal: the driver would quote and escape every element. A finite number's shortest
 * round-trip text is exact in float8 (and an index's in int4).
 */
function numberArray(numbers: readonly number[]): string {
  return `{${numbers.join(',')}}`;
}

/**
 * The batch decoded as rows `(n, metric, series_key, dimensions, ts, value)`, `n` counting from 1. The text
 * dictionaries are joined (subscripting a text array walks it from the start), timestamps are subscripted
 * (fixed width); each distinct dimensions JSON is parsed once. Each array is a parameter used once, so no row
 * carries a whole array through a join.
 */
function decodedInput(batch: EncodedPoints) {
  return sql`metric_dictionary as materialized (
      select d.metric, d.i::int4 as i from unnest(${batch.metrics}::text[]) with ordinality as d(metric, i)
    ),
    series_dictionary as materialized (
      select d.series_key, d.series_key::jsonb as dimensions, d.i::int4 as i
      from unnest(${batch.seriesKeys}::text[]) with ordinality as d(series_key, i)
    ),
    input as (
      select u.n::int4 as n, m.metric, s.series_key, s.dimensions, (${batch.times}::timestamptz[])[u.t] as ts,
        u.v as value
      from unnest(${numberArray(batch.metric)}::int4[], ${numberArray(batch.series)}::int4[],
        ${numberArray(batch.time)}::int4[], ${numberArray(batch.values)}::float8[]) with ordinality as u(m, s, t, v, n)
      join metric_dictionary m on m.i = u.m
      join series_dictionary s on s.i = u.s
    )`;
}

/** Inserts points that do not exist yet and adds them to the rollups, in one statement; returns the count. */
async function insertBatch(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  batch: EncodedPoints,
): Promise<number> {
  // A plain INSERT: the caller holds the tenant's ingest lock and checked that none of these points exists.
  const result = await sql<{ inserted: number }>`
    with ${decodedInput(batch)},
    written as (
      insert into metric_points as p (tenant_id, metric, series_key, ts, value, dimensions)
      select ${tenantId}::uuid, i.metric, i.series_key, i.ts, i.value, i.dimensions from input i
      returning p.metric, p.ts, p.value
    ),
    ${addToRollupsSql(tenantId, 'written')}
    select count(*)::int4 as inserted from written`.execute(trx);
  return result.rows[0]?.inserted ?? 0;
}

/** The first and last of ISO 8601 UTC timestamps (they sort as text). */
function timeRange(times: readonly string[]): [string, string] {
  let first = times[0] ?? '';
  let last = first;
  for (const time of times) {
    if (time < first) first = time;
    if (time > last) last = time;
  }
  return [first, last];
}

/**
 * Sorts a batch's rows (0-based) into points not stored yet and stored points whose value differs. Read only:
 * a re-upload of unchanged points writes nothing and locks no row.
 *
 * `scanRange`: few points are stored in the batch's time range, so read them all (an index range scan per
 * month partition) and hash-join them with the batch. Otherwise look each row up by its primary key; each
 * lookup goes through the partitioned table's run-time pruning (about 3x the CPU of the scan, measured).
 */
async function classifyBatch(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  batch: EncodedPoints,
  scanRange: boolean,
): Promise<{ fresh: number[]; changed: number[] }> {
  if (!scanRange) {
    const result = await sql<{ fresh: number[]; changed: number[] }>`
      with ${decodedInput(batch)},
      compared as materialized (
        select i.n - 1 as row, i.value, (
          select p.value from metric_points p
          where p.tenant_id = ${tenantId}::uuid and p.metric = i.metric and p.series_key = i.series_key
            and p.ts = i.ts
        ) as stored
        from input i
      )
      select coalesce(array_agg(c.row) filter (where c.stored is null), '{}') as fresh,
        coalesce(array_agg(c.row) filter (where c.stored <> c.value), '{}') as changed
      from compared c`.execute(trx);
    return { fresh: result.rows[0]?.fresh ?? [], changed: result.rows[0]?.changed ?? [] };
  }
  const [first, last] = timeRange(batch.times);
  // The planner cannot see how many rows an unnest yields and would probe the partitions once per row instead:
  // hash join only, for this statement (the previous settings are put back right after it).
  const saved = await sql<{ nestloop: string; mergejoin: string }>`
    select current_setting('enable_nestloop') as nestloop, current_setting('enable_mergejoin') as mergejoin,
      set_config('enable_nestloop', 'off', true), set_config('enable_mergejoin', 'off', true)`.execute(trx);
  const result = await sql<{ fresh: number[]; changed: number[] }>`
    with ${decodedInput(batch)}
    select coalesce(array_agg(i.n - 1) filter (where p.ts is null), '{}') as fresh,
      coalesce(array_agg(i.n - 1) filter (where p.value <> i.value), '{}') as changed
    from input i
    left join metric_points p on p.tenant_id = ${tenantId}::uuid and p.metric = any(${batch.metrics}::text[])
      and p.ts >= ${first}::timestamptz and p.ts <= ${last}::timestamptz
      and p.metric = i.metric and p.series_key = i.series_key and p.ts = i.ts`.execute(trx);
  const { nestloop = 'on', mergejoin = 'on' } = saved.rows[0] ?? {};
  await sql`select set_config('enable_nestloop', ${nestloop}, true), set_config('enable_mergejoin', ${mergejoin}, true)`.execute(
    trx,
  );
  return { fresh: result.rows[0]?.fresh ?? [], changed: result.rows[0]?.changed ?? [] };
}

/** Rewrites the values of points that exist with another value; adds the UTC days it wrote to `touched`. */
async function updateBatch(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  batch: EncodedPoints,
  touched: TouchedDays,
): Promise<number> {
  const result = await sql<{ written: number; touched: [string, string][] }>`
    with ${decodedInput(batch)},
    written as (
      insert into metric_points as p (tenant_id, metric, series_key, ts, value, dimensions)
      select ${tenantId}::uuid, i.metric, i.series_key, i.ts, i.value, i.dimensions from input i
      on conflict (tenant_id, metric, series_key, ts) do update set value = excluded.value
        where p.value is distinct from excluded.value
      returning p.metric, p.ts
    ),
    days as (select distinct metric, ((ts at time zone 'UTC')::date)::text as day from written)
    select (select count(*)::int4 from written) as written,
      (select coalesce(json_agg(json_build_array(metric, day)), '[]') from days) as touched`.execute(trx);
  const row = result.rows[0];
  addTouchedDays(touched, row?.touched ?? []);
  return row?.written ?? 0;
}

/**
 * Serialises ingests of one tenant (so "no point existed" and "these values differ" stay true until commit)
 * and holds its tenant row against deletion until commit, in place of a per-row foreign key (migration 0004).
 * Then counts the stored points of the ingest's metrics in the months it spans (at least as many as in its range).
 */
async function lockTenant(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  encoded: EncodedPoints,
): Promise<{ stored: number }> {
  await lockTenantIngest(trx, tenantId, 'Metric ingest');
  if (encoded.values.length === 0) return { stored: 0 };
  // A new statement, so its snapshot includes everything committed before the lock was granted. Month rollups,
  // not the points: a point exists only with its month's rollup (both written by this function, in one
  // transaction), and the rollup table is one small index where the points span a partition per month.
  // `archived`: whether retention archived a month of these metrics in the range (one primary-key probe).
  const [first, last] = timeRange(encoded.times);
  const existing = await sql<{ stored: number; archived: boolean }>`
    select coalesce(sum(point_count), 0)::float8 as stored, exists (
        select 1 from archived_ranges a
        where a.tenant_id = ${tenantId}::uuid and a.metric = any(${encoded.metrics}::text[])
          and a.month >= (date_trunc('month', ${first}::timestamptz, 'UTC') at time zone 'UTC')::date
          and a.month <= (${last}::timestamptz at time zone 'UTC')::date
      ) as archived
    from metric_rollups_month
    where tenant_id = ${tenantId}::uuid and metric = any(${encoded.metrics}::text[])
      and bucket >= date_trunc('month', ${first}::timestamptz, 'UTC') and bucket <= ${last}::timestamptz`.execute(
    trx,
  );
  if (existing.rows[0]?.archived === true) await refuseArchivedMonths(trx, tenantId, encoded);
  return { stored: existing.rows[0]?.stored ?? 0 };
}

/**
 * Takes the tenant's ingest lock (see {@link insertMetricPoints}) and holds its tenant row against deletion until
 * the transaction ends. Every writer of `metric_points` and its rollups takes it first.
 *
 * @throws DyocenseError `invalid_input` when the tenant does not exist.
 */
export async function lockTenantIngest(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  action: string,
): Promise<void> {
  const locked = await sql<{ locked: unknown }>`
    select pg_advisory_xact_lock(hashtextextended(${`dyocense ingest ${tenantId.toLowerCase()}`}, 0)) as locked
    from tenants where id = ${tenantId}::uuid for key share`.execute(trx);
  if (locked.rows.length === 0) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `${action} failed: tenant ${tenantId} does not exist`,
    });
  }
}

/**
 * Refuses points in a month retention archived for their metric. The month's points live in its Parquet file
 * and still count in its rollups, so storing one again (a re-sent point) would count it twice. Merging would
 * mean reading the Parquet file inside the ingest; refusing keeps ingest cheap and the rollups exact. Runs only
 * when the range check found an archived month.
 *
 * @throws DyocenseError `conflict` naming each archived (metric, month) the ingest touches.
 */
async function refuseArchivedMonths(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  encoded: EncodedPoints,
): Promise<void> {
  const pairs = new Set<string>();
  for (let row = 0; row < encoded.values.length; row += 1) {
    // 1-based dictionary indexes; ISO 8601 UTC text starts with `YYYY-MM` (years 1-9999, zero-padded).
    const time = encoded.times[(encoded.time[row] as number) - 1] as string;
    pairs.add(`${(encoded.metric[row] as number) - 1} ${time.slice(0, 7)}`);
  }
  const metrics: string[] = [];
  const months: string[] = [];
  for (const pair of pairs) {
    const space = pair.indexOf(' ');
    metrics.push(encoded.metrics[Number(pair.slice(0, space))] as string);
    months.push(`${pair.slice(space + 1)}-01`);
  }
  const { rows } = await sql<{ metric: string; month: string }>`
    select a.metric, to_char(a.month, 'YYYY-MM') as month
    from archived_ranges a
    join unnest(${metrics}::text[], ${months}::date[]) as k(metric, month)
      on a.metric = k.metric and a.month = k.month
    where a.tenant_id = ${tenantId}::uuid
    order by a.metric, a.month`.execute(trx);
  if (rows.length === 0) return;
  const named = rows
    .slice(0, 10)
    .map((row) => `${row.metric} ${row.month}`)
    .join(', ');
  throw new DyocenseError({
    code: 'conflict',
    message: `Metric ingest refused: ${named}${rows.length > 10 ? ` and ${rows.length - 10} more` : ''} archived by retention; points of an archived month cannot be ingested again (they are in its Parquet file and its rollups)`,
    details: { archived: rows.map((row) => ({ metric: row.metric, month: row.month })) },
  });
}

/**
 * Writes metric points inside a transaction the caller already scoped with {@link withTenant}, in batches of
 * `INSERT ... SELECT FROM unnest(...)`. Upsert on (tenant, metric, dimensions, ts): re-uploading a file adds no
 * duplicates and only rewrites changed values. Rollups stay equal to the aggregate of the stored points, in the
 * same transaction: new points are added to their day, week and month buckets by the statement that inserts
 * them; buckets holding a rewritten value are recomputed. Ingests of one tenant run one at a time (a
 * transaction-level lock), and the tenant row cannot be deleted until the transaction ends.
 *
 * Points in a month retention archived for their metric (`archived_ranges`) are refused as a whole.
 *
 * @throws DyocenseError `invalid_input` for an invalid point (with its index in `issues`), an unknown tenant or
 *   a value the database rejects; `conflict` for points of an archived month (naming metric and months, listed
 *   in `details.archived`); the caller's transaction then rolls back as a whole.
 */
export async function insertMetricPoints(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  points: readonly MetricPointInput[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const batchSize = parseInput(
    z.number().int().positive().max(100_000).default(10_000),
    options.batchSize,
    'batch size',
  );
  const encoded = encodeMetricPoints(points);
  const rows = encoded.values.length;
  let inserted = 0;
  let updated = 0;
  try {
    const { stored } = await lockTenant(trx, tenantId, encoded);
    const changed: number[] = [];
    for (let start = 0; start < rows; start += batchSize) {
      const end = Math.min(start + batchSize, rows);
      let batch = pickRows(encoded, { start, end });
      // With nothing stored in range, a plain INSERT of every point.
      if (stored > 0) {
        const sorted = await classifyBatch(trx, tenantId, batch, stored <= 4 * (end - start));
        for (const row of sorted.changed) changed.push(start + row);
        if (sorted.fresh.length === 0) continue;
        if (sorted.fresh.length < end - start) batch = pickRows(batch, sorted.fresh);
      }
      inserted += await insertBatch(trx, tenantId, batch);
    }
    const touched: TouchedDays = new Map();
    for (let start = 0; start < changed.length; start += batchSize) {
      const batch = pickRows(encoded, changed.slice(start, start + batchSize));
      updated += await updateBatch(trx, tenantId, batch, touched);
    }
    await refreshRollups(trx, tenantId, touched);
  } catch (error) {
    throw toDatabaseError(error, 'Metric ingest');
  }
  return { inserted, updated };
}

/**
 * Ingests metric points for one tenant in one transaction: either every point is written or none is.
 *
 * @throws DyocenseError `invalid_input` for a bad tenant id, an invalid point or a value the database rejects.
 * @example
 * await ingestMetricPoints(db, tenantId, [{ metric: 'revenue', ts: '2024-01-01', value: 100.5, dimensions: { store: 'north' } }]);
 */
export function ingestMetricPoints(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  points: readonly MetricPointInput[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  return withTenant(db, tenantId, (trx) => insertMetricPoints(trx, tenantId, points, options));
}
