import { grainSchema, type TimeSeries } from '@dyocense/core';
import {
  type DyocenseSchema,
  type MetricBucket,
  type MetricPointInput,
  metricAggregations,
  readMetricSeries,
} from '@dyocense/core/db';
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';

/** Aggregations a read may apply per bucket; `sum` by default. */
export const aggregationSchema = z.enum(metricAggregations);

/** An ISO 8601 date or date-time, as a query parameter. */
export const instantSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** A metric read: one series bucketed at `grain`, summed over all dimensions. */
export const metricReadSchema = z.object({
  metric: z.string().min(1).max(200),
  grain: grainSchema.default('day'),
  /** Inclusive lower bound. */
  from: instantSchema.optional(),
  /** Exclusive upper bound. */
  to: instantSchema.optional(),
  aggregation: aggregationSchema.default('sum'),
});
export type MetricRead = z.output<typeof metricReadSchema>;

/** Largest number of buckets one read returns (the most recent ones when there are more). */
export const maxBuckets = 10_000;

/**
 * Reads one metric bucketed at `read.grain` (UTC buckets), oldest first, at most `limit` buckets (the latest),
 * in one round trip from the rollups ({@link readMetricSeries}). Call it with the database handle, outside
 * `withTenant`, and with the authenticated principal's tenant.
 */
export function readMetric(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  read: MetricRead,
  limit = maxBuckets,
): Promise<MetricBucket[]> {
  return readMetricSeries(db, tenantId, { ...read, limit });
}

/** Metric names a tenant has points for, with counts and time span (points archived by retention included). */
export async function listMetrics(trx: Transaction<DyocenseSchema>, tenantId: string) {
  const result = await sql<{ metric: string; points: number; first: Date; last: Date }>`
    select metric, sum(points)::int as points, min(first) as first, max(last) as last from (
      select metric, count(*) as points, min(ts) as first, max(ts) as last
      from metric_points where tenant_id = ${tenantId}::uuid group by metric
      union all
      select metric, sum(rows), min(first_ts), max(last_ts)
      from archived_ranges where tenant_id = ${tenantId}::uuid group by metric
    ) stored group by metric order by metric`.execute(trx);
  return result.rows;
}

/**
 * Turns ingested series into metric points. With `metric` every series becomes that metric with the series id
 * as its `series` dimension. Without it, the id's last `/` segment is the metric and the rest the `series`
 * dimension (`shop-1/coffee/revenue` is `revenue` of `shop-1/coffee`, the demo's convention); an id without a
 * slash is the metric itself. Missing values are skipped.
 */
export function seriesToPoints(series: readonly TimeSeries[], metric?: string): MetricPointInput[] {
  const points: MetricPointInput[] = [];
  for (const one of series) {
    const slash = one.id.lastIndexOf('/');
    const name = metric ?? (slash < 0 ? one.id : one.id.slice(slash + 1));
    const group = metric !== undefined ? one.id : slash < 0 ? undefined : one.id.slice(0, slash);
    const dimensions = group === undefined || group === name ? {} : { series: group };
    one.timestamps.forEach((timestamp, index) => {
      const value = one.values[index];
      if (value !== null && value !== undefined)
        points.push({ metric: name, ts: new Date(timestamp), value, dimensions });
    });
  }
  return points;
}

/** Appends an audit entry inside the caller's tenant transaction (the table is append-only). */
export async function audit(
  trx: Transaction<DyocenseSchema> | Kysely<DyocenseSchema>,
  tenantId: string,
  entry: {
    action: string;
    subject: string;
    targetType?: string;
    targetId?: string;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      tenant_id: tenantId,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      detail: JSON.stringify({ subject: entry.subject, ...entry.detail }),
    })
    .execute();
}
