import { z } from 'zod';
import { DyocenseError, parseInput } from '../../errors/index.js';
import { toSeriesKey } from './series-key.js';

/** The contract of one ingested point; {@link encodeMetricPoints} applies it, by hand or through zod. */
export const metricPointSchema = z.object({
  metric: z.string().min(1).max(200),
  ts: z.coerce
    .date()
    .refine((date) => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999, 'Year must be 1-9999'),
  value: z.number().finite(),
  dimensions: z.record(z.string().min(1).max(200), z.string().max(1000)).default({}),
});

/**
 * Points deduplicated on (metric, dimensions, ts), the last occurrence winning, and dictionary-encoded: row `i`
 * is `metrics[metric[i]]`, `seriesKeys[series[i]]`, `times[time[i]]`, `values[i]`. An upload repeats a few
 * metrics, series and timestamps many times, so the distinct strings are built and sent once each.
 */
export interface EncodedPoints {
  readonly metrics: string[];
  /** Canonical dimensions JSON ({@link toSeriesKey}). */
  readonly seriesKeys: string[];
  /** ISO 8601 UTC timestamps. */
  readonly times: string[];
  /** 1-based indexes into the dictionaries (SQL arrays start at 1). */
  readonly metric: number[];
  readonly series: number[];
  readonly time: number[];
  readonly values: number[];
}

// 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the UTC years 1-9999 the schema accepts.
const firstMs = -62_135_596_800_000;
const lastMs = 253_402_300_799_999;
// Keys of the row index: pair * 2^26 + time stays below 2^53 while both are below 2^26.
const maxPoints = 2 ** 26;
const integerKey = /^(0|[1-9]\d*)$/;

/** The series key of a checked plain object, equal to {@link toSeriesKey} without building a sorted copy. */
function seriesKeyOf(dimensions: Record<string, string>, keys: string[]): string {
  if (keys.length === 0) return '{}';
  if (keys.length > 1) keys.sort();
  let text = '{';
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    // JSON.stringify orders integer-like keys first, and a `__proto__` key never reaches it: leave those to it.
    if (integerKey.test(key) || key === '__proto__') return toSeriesKey(dimensions);
    text += `${index === 0 ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(dimensions[key])}`;
  }
  return `${text}}`;
}

/** An object literal or `Object.create(null)`: what JSON and the file parsers produce. */
function isPlainRecord(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Index of `key` in `dictionary`, adding it when new. */
function indexIn<K>(index: Map<K, number>, key: K, onNew: () => void): number {
  let found = index.get(key);
  if (found === undefined) {
    found = index.size + 1;
    index.set(key, found);
    onNew();
  }
  return found;
}

/**
 * Checks and encodes points in one pass, for inputs shaped the common way (plain objects; `ts` a `Date` or a
 * string; `dimensions` absent or a plain object of strings). Returns `undefined` for anything else or anything
 * invalid, and the caller then runs the zod schema, which either reports the errors (with their indexes) or
 * parses what this pass declined. Whatever this pass accepts, zod accepts with the same meaning (tested with
 * fast-check against the schema).
 */
export function encodeCheckedPoints(points: readonly unknown[]): EncodedPoints | undefined {
  if (!Array.isArray(points) || points.length >= maxPoints) return undefined;
  const encoded: EncodedPoints = {
    metrics: [],
    seriesKeys: [],
    times: [],
    metric: [],
    series: [],
    time: [],
    values: [],
  };
  const metricIndex = new Map<string, number>();
  const seriesIndex = new Map<string, number>();
  const timeIndex = new Map<number, number>();
  const pairIndex = new Map<number, number>();
  const rowIndex = new Map<number, number>();
  let lastDimensions: unknown;
  let lastSeriesKey = '{}';
  for (const point of points) {
    if (typeof point !== 'object' || point === null || !isPlainRecord(point)) return undefined;
    const { metric, ts, value, dimensions } = point as Record<string, unknown>;
    if (typeof metric !== 'string' || metric.length < 1 || metric.length > 200) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
    const ms = ts instanceof Date ? ts.getTime() : typeof ts === 'string' ? Date.parse(ts) : Number.NaN;
    if (!(ms >= firstMs && ms <= lastMs)) return undefined;
    let seriesKey: string;
    if (dimensions === undefined) {
      seriesKey = '{}';
    } else if (dimensions === lastDimensions) {
      seriesKey = lastSeriesKey;
    } else {
      if (
        typeof dimensions !== 'object' ||
        dimensions === null ||
        !isPlainRecord(dimensions) ||
        Object.getOwnPropertySymbols(dimensions).length > 0
      ) {
        return undefined;
      }
      const record = dimensions as Record<string, unknown>;
      const keys = Object.keys(record);
      for (const key of keys) {
        const text = record[key];
        if (key.length < 1 || key.length > 200 || typeof text !== 'string' || text.length > 1000)
          return undefined;
      }
      seriesKey = seriesKeyOf(record as Record<string, string>, keys);
      lastDimensions = dimensions;
      lastSeriesKey = seriesKey;
    }
    const metricId = indexIn(metricIndex, metric, () => encoded.metrics.push(metric));
    const seriesId = indexIn(seriesIndex, seriesKey, () => encoded.seriesKeys.push(seriesKey));
    const timeId = indexIn(timeIndex, ms, () => encoded.times.push(new Date(ms).toISOString()));
    const pairKey = metricId * maxPoints + seriesId;
    const pairId = indexIn(pairIndex, pairKey, () => {});
    const key = pairId * maxPoints + timeId;
    const existing = rowIndex.get(key);
    if (existing !== undefined) {
      // Last occurrence wins: one statement may not write the same key twice.
      encoded.values[existing] = value;
      continue;
    }
    rowIndex.set(key, encoded.values.length);
    encoded.metric.push(metricId);
    encoded.series.push(seriesId);
    encoded.time.push(timeId);
    encoded.values.push(value);
  }
  return encoded;
}

/**
 * Validates and encodes points for ingest: the hand-written pass for the common shape, the zod schema for
 * everything else and for every error (so messages and indexes are zod's).
 *
 * @throws DyocenseError `invalid_input` with the index of each invalid point in `issues`.
 */
export function encodeMetricPoints(points: readonly unknown[]): EncodedPoints {
  const fast = encodeCheckedPoints(points);
  if (fast !== undefined) return fast;
  const parsed = parseInput(z.array(metricPointSchema).max(maxPoints - 1), points, 'metric points');
  const encoded = encodeCheckedPoints(parsed);
  if (encoded === undefined) {
    throw new DyocenseError({ code: 'internal', message: 'Parsed metric points failed to encode' });
  }
  return encoded;
}

/** `ids` renumbered over the entries they use, and those entries: a batch sends only its own dictionary. */
function compact<T>(ids: readonly number[], dictionary: readonly T[]): { ids: number[]; dictionary: T[] } {
  const local = new Map<number, number>();
  const used: T[] = [];
  const renumbered = ids.map((id) => {
    let next = local.get(id);
    if (next === undefined) {
      used.push(dictionary[id - 1] as T);
      next = used.length;
      local.set(id, next);
    }
    return next;
  });
  return { ids: renumbered, dictionary: used };
}

/** The rows of `encoded` at 0-based `rows` (all rows from `start` to `end` when `rows` is a range). */
export function pickRows(
  encoded: EncodedPoints,
  rows: readonly number[] | { readonly start: number; readonly end: number },
): EncodedPoints {
  const pick = (column: readonly number[]) =>
    'start' in rows ? column.slice(rows.start, rows.end) : rows.map((row) => column[row] as number);
  const metric = compact(pick(encoded.metric), encoded.metrics);
  const series = compact(pick(encoded.series), encoded.seriesKeys);
  const time = compact(pick(encoded.time), encoded.times);
  return {
    metrics: metric.dictionary,
    seriesKeys: series.dictionary,
    times: time.dictionary,
    metric: metric.ids,
    series: series.ids,
    time: time.ids,
    values: pick(encoded.values),
  };
}
