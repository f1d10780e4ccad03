import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../errors/index.js';
import { toSeriesKey } from './internal/series-key.js';
import { toDatabaseError } from './internal/to-database-error.js';
import type { DyocenseSchema } from './schema.js';
import { withTenant } from './with-tenant.js';

const metricPointSchema = z.object({
  metric: z.string().min(1).max(200),
  ts: z.coerce
    .date()
    .refine((date) => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999, 'Year must be 1-9999'),
  value: z.number().finite(),
  dimensions: z.record(z.string().min(1).max(200), z.string().max(1000)).default({}),
});

/** One point as given by a caller: `ts` is a `Date` or an ISO 8601 string; `dimensions` name the series. */
export type MetricPointInput = z.input<typeof metricPointSchema>;

/** Options of {@link ingestMetricPoints}. */
export interface IngestOptions {
  /** Points per `INSERT ... SELECT FROM unnest(...)` statement; default 5,000. */
  readonly batchSize?: number;
}

/** What an ingest wrote. Re-uploading the same points gives `{ inserted: 0, updated: 0 }`. */
export interface IngestResult {
  /** Points whose (metric, dimensions, ts) were new. */
  readonly inserted: number;
  /** Existing points whose value changed. */
  readonly updated: number;
}

interface Row {
  metric: string;
  seriesKey: string;
  ts: Date;
  value: number;
}

function toRows(points: readonly MetricPointInput[]): Row[] {
  const parsed = parseInput(z.array(metricPointSchema), points, 'metric points');
  // Last occurrence wins: one statement may not touch the same key twice.
  const byKey = new Map<string, Row>();
  for (const point of parsed) {
    const seriesKey = toSeriesKey(point.dimensions);
    byKey.set(JSON.stringify([point.metric, seriesKey, point.ts.getTime()]), {
      metric: point.metric,
      seriesKey,
      ts: point.ts,
      value: point.value,
    });
  }
  return [...byKey.values()];
}

async function writeBatch(trx: Transaction<DyocenseSchema>, tenantId: string, rows: readonly Row[]) {
  const metrics = rows.map((row) => row.metric);
  const seriesKeys = rows.map((row) => row.seriesKey);
  const timestamps = rows.map((row) => row.ts.toISOString());
  const values = rows.map((row) => row.value);
  // Both CTEs see the rows as they were before this statement: `changed` rewrites existing points whose value
  // differs, `added` inserts the others and skips keys that already exist.
  const result = await sql<{ inserted: string; updated: string }>`
    with incoming as (
      select * from unnest(${metrics}::text[], ${seriesKeys}::text[], ${timestamps}::timestamptz[], ${values}::float8[])
        as t(metric, series_key, ts, value)
    ),
    changed as (
      update metric_points as p set value = i.value
      from incoming as i
      where p.tenant_id = ${tenantId}::uuid and p.metric = i.metric and p.series_key = i.series_key
        and p.ts = i.ts and p.value is distinct from i.value
      returning 1
    ),
    added as (
      insert into metric_points (tenant_id, metric, series_key, ts, value, dimensions)
      select ${tenantId}::uuid, metric, series_key, ts, value, series_key::jsonb from incoming
      on conflict (tenant_id, metric, series_key, ts) do nothing
      returning 1
    )
    select (select count(*) from added) as inserted, (select count(*) from changed) as updated
  `.execute(trx);
  const counts = result.rows[0];
  return { inserted: Number(counts?.inserted ?? 0), updated: Number(counts?.updated ?? 0) };
}

/**
 * Writes metric points inside a transaction the caller already scoped with {@link withTenant}, in batches of
 * `INSERT ... SELECT FROM unnest(...)`. Upsert on (tenant, metric, dimensions, ts): re-uploading a file adds no
 * duplicates and only rewrites changed values.
 *
 * @throws DyocenseError `invalid_input` for an invalid point (with its index in `issues`) or a value the
 *   database rejects; the caller's transaction then rolls back as a whole.
 */
export async function insertMetricPoints(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  points: readonly MetricPointInput[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const batchSize = parseInput(
    z.number().int().positive().max(100_000).default(5_000),
    options.batchSize,
    'batch size',
  );
  const rows = toRows(points);
  let inserted = 0;
  let updated = 0;
  try {
    for (let start = 0; start < rows.length; start += batchSize) {
      const counts = await writeBatch(trx, tenantId, rows.slice(start, start + batchSize));
      inserted += counts.inserted;
      updated += counts.updated;
    }
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
