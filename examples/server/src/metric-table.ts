import { DyocenseError, type Grain, nextGrainStart } from '@dyocense/core';
import type { DyocenseSchema } from '@dyocense/core/db';
import type { Kysely } from 'kysely';
import { readMetric } from './metric-store.js';

/** Several metrics on one grid of buckets, as the evidence engine takes them (a "wide table"). */
export interface MetricTable {
  /** Bucket starts: `YYYY-MM-DD` for day and coarser grains, full ISO instants for hours. */
  readonly dates: string[];
  /** One value per date for every metric that has points in the range. */
  readonly series: Record<string, number[]>;
  /** Requested metrics without a single point in the range (left out of `series`). */
  readonly empty: string[];
}

/** What {@link readMetricTable} reads: metrics summed per bucket of `grain` over `[from, to)`. */
export interface MetricTableRead {
  readonly metrics: readonly string[];
  readonly grain: Grain;
  /** Inclusive lower bound (ISO date or instant). */
  readonly from?: string;
  /** Exclusive upper bound (ISO date or instant). */
  readonly to?: string;
}

function label(instant: number, grain: Grain): string {
  const iso = new Date(instant).toISOString();
  return grain === 'hour' ? iso : iso.slice(0, 10);
}

/**
 * Reads each metric summed per UTC bucket (over dimensions and time) and aligns them on one grid running from
 * the earliest to the latest bucket any of them has. The evidence methods need complete, equally spaced series,
 * and filling a gap would invent data, so a metric missing a bucket inside the grid is refused. Reads run
 * outside any transaction, one round trip per metric (see `readMetric`), for the authenticated tenant only.
 *
 * @throws DyocenseError `insufficient_data` naming the metric and the first missing bucket; `invalid_input`
 * when the grid has more than `maxRows` buckets.
 */
export async function readMetricTable(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  read: MetricTableRead,
  maxRows: number,
): Promise<MetricTable> {
  const metrics = [...new Set(read.metrics)];
  const reads = await Promise.all(
    metrics.map((metric) =>
      readMetric(
        db,
        tenantId,
        {
          metric,
          grain: read.grain,
          aggregation: 'sum',
          ...(read.from === undefined ? {} : { from: read.from }),
          ...(read.to === undefined ? {} : { to: read.to }),
        },
        maxRows + 1,
      ),
    ),
  );
  const found = new Map<string, Map<number, number>>();
  const empty: string[] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const [index, metric] of metrics.entries()) {
    const rows = reads[index] ?? [];
    if (rows.length === 0) {
      empty.push(metric);
      continue;
    }
    if (rows.length > maxRows) throw tooLong(read.grain, maxRows);
    const values = new Map(rows.map((row) => [row.ts.getTime(), row.value] as const));
    found.set(metric, values);
    first = Math.min(first, (rows[0] as { ts: Date }).ts.getTime());
    last = Math.max(last, (rows.at(-1) as { ts: Date }).ts.getTime());
  }
  const grid: number[] = [];
  for (let start = first; start <= last; start = nextGrainStart(start, read.grain, 'UTC')) {
    grid.push(start);
    if (grid.length > maxRows) throw tooLong(read.grain, maxRows);
  }
  const series: Record<string, number[]> = {};
  for (const [metric, values] of found) {
    series[metric] = grid.map((start) => {
      const value = values.get(start);
      if (value === undefined) {
        throw new DyocenseError({
          code: 'insufficient_data',
          message: `Metric "${metric}" has no points in the ${read.grain} of ${label(start, read.grain)}; evidence needs every metric in every ${read.grain} of the range (narrow the range or ingest the missing points)`,
          details: { metric, bucket: label(start, read.grain) },
        });
      }
      return value;
    });
  }
  return { dates: grid.map((start) => label(start, read.grain)), series, empty };
}

function tooLong(grain: Grain, maxRows: number): DyocenseError {
  return new DyocenseError({
    code: 'invalid_input',
    message: `The range holds more than ${maxRows} ${grain}s; narrow from/to or use a coarser grain`,
  });
}
