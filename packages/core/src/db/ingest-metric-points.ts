import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../errors/index.js';
import { addTouchedDays, refreshRollups, type TouchedDays } from './internal/refresh-rollups.js';
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
    // Unambiguous without re-escaping the series key: a JSON string, then a JSON object, then a number.
    byKey.set(`${JSON.stringify(point.metric)}${seriesKey}${point.ts.getTime()}`, {
      metric: point.metric,
      seriesKey,
      ts: point.ts,
      value: point.value,
    });
  }
  return [...byKey.values()];
}

async function writeBatch(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  rows: readonly Row[],
  touched: TouchedDays,
) {
  const columns = {
    metrics: rows.map((row) => row.metric),
    seriesKeys: rows.map((row) => row.seriesKey),
    timestamps: rows.map((row) => row.ts.toISOString()),
    values: rows.map((row) => row.value),
  };
  // New keys first. Keys that already existed are then sent again to rewrite the values that differ; a fresh
  // upload skips that second statement, a re-upload of unchanged points writes nothing.
  const inserted = await upsert(trx, tenantId, columns, sql`do nothing`, touched);
  const updated =
    inserted === rows.length
      ? 0
      : await upsert(
          trx,
          tenantId,
          columns,
          sql`do update set value = excluded.value where p.value is distinct from excluded.value`,
          touched,
        );
  return { inserted, updated };
}

/**
 * One `INSERT ... SELECT FROM unnest(...) ON CONFLICT` statement; returns how many rows it wrote and adds
 * the UTC days it wrote to `touched`. An INSERT routes each row to its month partition and checks conflicts
 * there: an `UPDATE ... FROM` the batch is planned against every partition (over 100 ms of planning per
 * statement at 37 partitions, measured).
 */
async function upsert(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  columns: { metrics: string[]; seriesKeys: string[]; timestamps: string[]; values: number[] },
  onConflict: ReturnType<typeof sql>,
  touched: TouchedDays,
): Promise<number> {
  const result = await sql<{ written: string; touched: [string, string][] }>`
    with written as (
      insert into metric_points as p (tenant_id, metric, series_key, ts, value, dimensions)
      select ${tenantId}::uuid, t.metric, t.series_key, t.ts, t.value, t.series_key::jsonb
      from unnest(${columns.metrics}::text[], ${columns.seriesKeys}::text[], ${columns.timestamps}::timestamptz[],
        ${columns.values}::float8[]) as t(metric, series_key, ts, value)
      on conflict (tenant_id, metric, series_key, ts) ${onConflict}
      returning p.metric, p.ts
    ),
    days as (select distinct metric, ((ts at time zone 'UTC')::date)::text as day from written)
    select (select count(*) from written) as written,
      (select coalesce(json_agg(json_build_array(metric, day)), '[]') from days) as touched
  `.execute(trx);
  const row = result.rows[0];
  addTouchedDays(touched, row?.touched ?? []);
  return Number(row?.written ?? 0);
}

/**
 * Writes metric points inside a transaction the caller already scoped with {@link withTenant}, in batches of
 * `INSERT ... SELECT FROM unnest(...)`. Upsert on (tenant, metric, dimensions, ts): re-uploading a file adds no
 * duplicates and only rewrites changed values. Then recomputes the day, week and month rollups of every bucket
 * whose points changed, in the same transaction, so rollups always equal the aggregate of the stored points.
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
  const touched: TouchedDays = new Map();
  let inserted = 0;
  let updated = 0;
  try {
    for (let start = 0; start < rows.length; start += batchSize) {
      const counts = await writeBatch(trx, tenantId, rows.slice(start, start + batchSize), touched);
      inserted += counts.inserted;
      updated += counts.updated;
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
