import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../errors/index.js';
import { grainSchema } from '../model/frequency.js';
import { toDatabaseError } from './internal/to-database-error.js';
import { readSeriesWithArchive, readsRawPoints } from './retention/read-archived.js';
import type { DyocenseSchema } from './schema.js';
import { parseTenantId } from './with-tenant.js';

/** Aggregations a metric read applies per bucket, over every point of the metric (all dimensions). */
export const metricAggregations = ['sum', 'avg', 'min', 'max', 'count'] as const;

const instantSchema = z.coerce
  .date()
  .refine((date) => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999, 'Year must be 1-9999');

const metricSeriesReadSchema = z
  .object({
    metric: z.string().min(1).max(200),
    grain: grainSchema,
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    aggregation: z.enum(metricAggregations).default('sum'),
    limit: z.number().int().positive().max(1_000_000).default(10_000),
  })
  .refine((read) => read.from === undefined || read.to === undefined || read.from < read.to, {
    message: '`from` must be before `to`',
    path: ['to'],
  });

/** What {@link readMetricSeries} reads. `from` and `to` are `Date`s or ISO 8601 strings. */
export type MetricSeriesRead = z.input<typeof metricSeriesReadSchema>;

/** One bucket of a metric read: its UTC start and the aggregated value. */
export interface MetricBucket {
  readonly ts: Date;
  readonly value: number;
}

/**
 * Reads one metric of one tenant bucketed at `grain` (UTC buckets, ISO weeks) over `[from, to)`, oldest first,
 * at most `limit` buckets (the latest; default 10,000). One round trip: `dyocense_read_metric` sets the tenant
 * for its own statement and reads the rollups (the points for hours or bounds inside a bucket) under
 * row-level security. Reads answered from points (hours, bounds inside a day) first look for months that retention
 * moved to Parquet and, when the range holds some, merge those files in (see `readSeriesWithArchive`); rollups are
 * never archived. Call it outside a transaction (on a `Transaction` the tenant setting lasts until it
 * ends, as with {@link withTenant}).
 *
 * The tenant is the caller's responsibility exactly as for {@link withTenant}: pass the authenticated
 * principal's tenant, never one taken from the request.
 *
 * @throws DyocenseError `invalid_input` for a bad tenant id, grain, aggregation, limit or range; `unavailable`
 *   or `internal` when the database fails.
 * @example
 * const days = await readMetricSeries(db, principal.tenantId, { metric: 'revenue', grain: 'day', from: '2024-01-01', to: '2024-02-01' });
 */
export async function readMetricSeries(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  read: MetricSeriesRead,
): Promise<MetricBucket[]> {
  const tenant = parseTenantId(tenantId);
  const { metric, grain, from, to, aggregation, limit } = parseInput(
    metricSeriesReadSchema,
    read,
    'metric read',
  );
  // Retention moves old raw points to Parquet and keeps the rollups: only reads answered from raw points can
  // touch an archived month, and those read the files back (one extra query when nothing is archived).
  if (readsRawPoints(grain, from, to)) {
    const archived = await readSeriesWithArchive(db, tenant, {
      metric,
      grain,
      from,
      to,
      aggregation,
      limit,
    }).catch((error: unknown) => {
      throw toDatabaseError(error, 'Metric read');
    });
    if (archived !== undefined) return archived;
  }
  try {
    const result = await sql<MetricBucket>`
      select ts, value from dyocense_read_metric(${tenant}::uuid, ${metric}, ${grain},
        ${from?.toISOString() ?? null}::timestamptz, ${to?.toISOString() ?? null}::timestamptz,
        ${aggregation}, ${limit}::integer)`.execute(db);
    return result.rows;
  } catch (error) {
    throw toDatabaseError(error, 'Metric read');
  }
}
