import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { DyocenseSchema } from '../schema.js';
import { type RollupGrain, rollupGrains } from '../tenant-tables.js';

/** UTC days (`YYYY-MM-DD`) whose points changed, per metric. */
export type TouchedDays = Map<string, Set<string>>;

/** Adds the (metric, day) pairs an ingest statement reported to `touched`. */
export function addTouchedDays(touched: TouchedDays, pairs: readonly (readonly [string, string])[]): void {
  for (const [metric, day] of pairs) {
    let days = touched.get(metric);
    if (days === undefined) {
      days = new Set();
      touched.set(metric, days);
    }
    days.add(day);
  }
}

// Buckets are UTC. date_bin is integer arithmetic where date_trunc(..., 'UTC') converts time zones per row;
// 0001-01-01 (the first instant ingest accepts) is a Monday, so 7-day bins from it are ISO weeks.
const origin = sql.lit('0001-01-01 00:00:00+00');
const bucketOfDay: Record<RollupGrain, RawBuilder<unknown>> = {
  day: sql`d.bucket`,
  week: sql`date_bin('7 days', d.bucket, ${origin}::timestamptz)`,
  month: sql`date_trunc('month', d.bucket, 'UTC')`,
};

/**
 * Common table expressions that add the points of `source` (a CTE of the same statement with `metric`, `ts`
 * and `value`, holding only points that did not exist before) to the day, week and month rollups of `tenantId`:
 * the new points are aggregated per day first, then the days per week and month; count and sum add up, min and
 * max take the extremes. Exact for new points only: buckets whose existing points changed value are recomputed
 * by {@link refreshRollups}.
 */
export function addToRollupsSql(tenantId: string, source: string): RawBuilder<unknown> {
  const upserts = rollupGrains.map((grain) => {
    const bucket = bucketOfDay[grain];
    return sql`${sql.table(`add_to_${grain}_rollups`)} as (
      insert into ${sql.table(`metric_rollups_${grain}`)} as r
        (tenant_id, metric, bucket, point_count, value_sum, value_min, value_max)
      select ${tenantId}::uuid, d.metric, ${bucket}, sum(d.point_count), sum(d.value_sum), min(d.value_min),
        max(d.value_max)
      from new_days d
      group by d.metric, ${bucket}
      on conflict (tenant_id, metric, bucket) do update set point_count = r.point_count + excluded.point_count,
        value_sum = r.value_sum + excluded.value_sum, value_min = least(r.value_min, excluded.value_min),
        value_max = greatest(r.value_max, excluded.value_max), refreshed_at = now()
    )`;
  });
  return sql`new_days as (
      select w.metric, date_bin('1 day', w.ts, ${origin}::timestamptz) as bucket, count(*) as point_count,
        sum(w.value) as value_sum, min(w.value) as value_min, max(w.value) as value_max
      from ${sql.table(source)} w
      group by 1, 2
    ),
    ${sql.join(upserts, sql`, `)}`;
}

function flatten(touched: TouchedDays): { metrics: string[]; days: string[] } {
  const metrics: string[] = [];
  const days: string[] = [];
  for (const [metric, set] of touched) {
    for (const day of set) {
      metrics.push(metric);
      days.push(day);
    }
  }
  return { metrics, days };
}

/**
 * Recomputes, inside the caller's tenant transaction, every rollup bucket that contains a touched day: days
 * from `metric_points`, then weeks and months from the day rollups (count, sum, min and max compose exactly).
 * Recomputing rather than adding deltas keeps rollups exact when an upload rewrites existing values.
 *
 * One range scan per grain: the points or day rollups of the touched metrics between the first and last
 * touched bucket, kept only for touched buckets.
 */
export async function refreshRollups(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  touched: TouchedDays,
): Promise<void> {
  if (touched.size === 0) return;
  const { metrics, days } = flatten(touched);
  const distinctMetrics = [...touched.keys()];
  await sql`
    with keys as (
      select distinct k.metric, (k.day::date::timestamp at time zone 'UTC') as bucket
      from unnest(${metrics}::text[], ${days}::text[]) as k(metric, day)
    )
    insert into metric_rollups_day as r (tenant_id, metric, bucket, point_count, value_sum, value_min, value_max)
    select ${tenantId}::uuid, p.metric, date_bin('1 day', p.ts, ${origin}::timestamptz), count(*), sum(p.value), min(p.value), max(p.value)
    from metric_points p
    where p.tenant_id = ${tenantId}::uuid and p.metric = any(${distinctMetrics}::text[])
      and p.ts >= (select min(bucket) from keys) and p.ts < (select max(bucket) from keys) + interval '1 day'
      and (p.metric, date_bin('1 day', p.ts, ${origin}::timestamptz)) in (select metric, bucket from keys)
    group by p.metric, date_bin('1 day', p.ts, ${origin}::timestamptz)
    on conflict (tenant_id, metric, bucket) do update set point_count = excluded.point_count,
      value_sum = excluded.value_sum, value_min = excluded.value_min, value_max = excluded.value_max,
      refreshed_at = now()`.execute(trx);
  for (const grain of rollupGrains) {
    if (grain === 'day') continue;
    // Literals, not parameters: `grain` comes from a constant list, and GROUP BY must see the same expression.
    const table = sql.table(`metric_rollups_${grain}`);
    const unit = sql.lit(grain);
    const span = sql.lit(`1 ${grain}`);
    await sql`
      with keys as (
        select distinct k.metric, date_trunc(${unit}, k.day::date::timestamp at time zone 'UTC', 'UTC') as bucket
        from unnest(${metrics}::text[], ${days}::text[]) as k(metric, day)
      )
      insert into ${table} as r (tenant_id, metric, bucket, point_count, value_sum, value_min, value_max)
      select ${tenantId}::uuid, d.metric, date_trunc(${unit}, d.bucket, 'UTC'), sum(d.point_count),
        sum(d.value_sum), min(d.value_min), max(d.value_max)
      from metric_rollups_day d
      where d.tenant_id = ${tenantId}::uuid and d.metric = any(${distinctMetrics}::text[])
        and d.bucket >= (select min(bucket) from keys)
        and d.bucket < (select max(bucket) from keys) + ${span}::interval
        and (d.metric, date_trunc(${unit}, d.bucket, 'UTC')) in (select metric, bucket from keys)
      group by d.metric, date_trunc(${unit}, d.bucket, 'UTC')
      on conflict (tenant_id, metric, bucket) do update set point_count = excluded.point_count,
        value_sum = excluded.value_sum, value_min = excluded.value_min, value_max = excluded.value_max,
        refreshed_at = now()`.execute(trx);
  }
}
