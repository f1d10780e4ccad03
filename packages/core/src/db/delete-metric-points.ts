import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../errors/index.js';
import { lockTenantIngest } from './ingest-metric-points.js';
import { addTouchedDays, refreshRollups, type TouchedDays } from './internal/refresh-rollups.js';
import { toDatabaseError } from './internal/to-database-error.js';
import type { DyocenseSchema } from './schema.js';
import { rollupGrains } from './tenant-tables.js';

const selectionSchema = z.object({
  metrics: z.array(z.string().min(1).max(200)).min(1).max(1_000),
  /** The dimension naming the record (e.g. a connector's record id field). */
  dimension: z.string().min(1).max(200),
  values: z.array(z.string().max(1000)).min(1).max(100_000),
});

/** Which points {@link deleteMetricPointsByDimension} removes: of these metrics, with `dimension` in `values`. */
export type PointSelection = z.input<typeof selectionSchema>;

/**
 * Drops the rollup buckets of `touched` days that no longer hold any point: a day with no point left, then the
 * weeks and months with no day left. The remaining buckets are recomputed by `refreshRollups` afterwards.
 */
async function dropEmptyBuckets(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  metrics: string[],
  days: string[],
): Promise<void> {
  await sql`
    with keys as (
      select distinct k.metric, (k.day::date::timestamp at time zone 'UTC') as bucket
      from unnest(${metrics}::text[], ${days}::text[]) as k(metric, day)
    )
    delete from metric_rollups_day r using keys k
    where r.tenant_id = ${tenantId}::uuid and r.metric = k.metric and r.bucket = k.bucket
      and not exists (
        select 1 from metric_points p
        where p.tenant_id = ${tenantId}::uuid and p.metric = k.metric and p.ts >= k.bucket
          and p.ts < k.bucket + interval '1 day'
      )`.execute(trx);
  for (const grain of rollupGrains) {
    if (grain === 'day') continue;
    // Literals from a constant list, as `refreshRollups` builds them (ISO weeks: date_trunc('week') is Monday).
    const unit = sql.lit(grain);
    const span = sql.lit(`1 ${grain}`);
    await sql`
      with keys as (
        select distinct k.metric, date_trunc(${unit}, k.day::date::timestamp at time zone 'UTC', 'UTC') as bucket
        from unnest(${metrics}::text[], ${days}::text[]) as k(metric, day)
      )
      delete from ${sql.table(`metric_rollups_${grain}`)} r using keys k
      where r.tenant_id = ${tenantId}::uuid and r.metric = k.metric and r.bucket = k.bucket
        and not exists (
          select 1 from metric_rollups_day d
          where d.tenant_id = ${tenantId}::uuid and d.metric = k.metric and d.bucket >= k.bucket
            and d.bucket < k.bucket + ${span}::interval
        )`.execute(trx);
  }
}

/**
 * Deletes, inside a transaction the caller scoped with `withTenant`, the points of `metrics` whose dimension
 * `dimension` is one of `values` (e.g. every point a deleted connector record produced, when the record id is a
 * dimension), under the tenant's ingest lock, and brings the day, week and month rollups of the days it touched
 * back to the aggregate of the points left. Points already archived by retention are in Parquet files, not in
 * `metric_points`: they are not found here and stay archived.
 *
 * It reads every stored point of `metrics` (the dimension has no index): meant for the occasional deletions of
 * a sync, not for bulk removal.
 *
 * @returns the number of points deleted.
 * @throws DyocenseError `invalid_input` for a bad selection or an unknown tenant; database errors.
 * @example
 * await withTenant(db, tenantId, (trx) =>
 *   deleteMetricPointsByDimension(trx, tenantId, { metrics: ['pipeline'], dimension: 'Id', values: ['006A'] }));
 */
export async function deleteMetricPointsByDimension(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  selection: PointSelection,
): Promise<number> {
  const { metrics, dimension, values } = parseInput(selectionSchema, selection, 'point selection');
  try {
    await lockTenantIngest(trx, tenantId, 'Metric point deletion');
    const result = await sql<{ deleted: number; touched: [string, string][] }>`
      with deleted as (
        delete from metric_points p
        where p.tenant_id = ${tenantId}::uuid and p.metric = any(${metrics}::text[])
          and p.dimensions ->> ${dimension} = any(${values}::text[])
        returning p.metric, p.ts
      ),
      days as (select distinct metric, ((ts at time zone 'UTC')::date)::text as day from deleted)
      select (select count(*)::int4 from deleted) as deleted,
        (select coalesce(json_agg(json_build_array(metric, day)), '[]') from days) as touched`.execute(trx);
    const row = result.rows[0];
    const deleted = row?.deleted ?? 0;
    if (deleted === 0) return 0;
    const touched: TouchedDays = new Map();
    addTouchedDays(touched, row?.touched ?? []);
    const flatMetrics: string[] = [];
    const flatDays: string[] = [];
    for (const [metric, set] of touched) {
      for (const day of set) {
        flatMetrics.push(metric);
        flatDays.push(day);
      }
    }
    await dropEmptyBuckets(trx, tenantId, flatMetrics, flatDays);
    await refreshRollups(trx, tenantId, touched);
    return deleted;
  } catch (error) {
    throw toDatabaseError(error, 'Metric point deletion');
  }
}
