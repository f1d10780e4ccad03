import { createHash } from 'node:crypto';

/** One raw metric point as an archive file holds it. `tsMicros` keeps PostgreSQL's microsecond precision. */
export interface ArchivedPoint {
  readonly tsMicros: bigint;
  readonly seriesKey: string;
  readonly value: number;
  /** The dimensions' JSON text. */
  readonly dimensions: string;
}

/** Orders points as the database reads them (`order by ts, series_key` under the C collation). */
export function comparePoints(
  a: { readonly tsMicros: bigint; readonly seriesKey: string },
  b: { readonly tsMicros: bigint; readonly seriesKey: string },
): number {
  if (a.tsMicros !== b.tsMicros) return a.tsMicros < b.tsMicros ? -1 : 1;
  // C collation compares UTF-8 bytes; for code points below U+10000 that is UTF-16 code-unit order.
  return a.seriesKey < b.seriesKey ? -1 : a.seriesKey > b.seriesKey ? 1 : 0;
}

/** Identity of a point: one value per series and instant (the table's primary key without tenant and metric). */
function keyOf(point: { readonly tsMicros: bigint; readonly seriesKey: string }): string {
  return `${point.tsMicros}\u0000${point.seriesKey}`;
}

/**
 * Merges archived points with newer ones, sorted and without duplicates: where both hold a point of the same
 * series and instant, `newer` wins (it was written after the archive).
 */
export function mergePoints<T extends { readonly tsMicros: bigint; readonly seriesKey: string }>(
  archived: readonly T[],
  newer: readonly T[],
): T[] {
  if (archived.length === 0) return [...newer].sort(comparePoints);
  const byKey = new Map<string, T>();
  for (const point of archived) byKey.set(keyOf(point), point);
  for (const point of newer) byKey.set(keyOf(point), point);
  return [...byKey.values()].sort(comparePoints);
}

/**
 * SHA-256 (hex) of points in their order: instant, series, the value's IEEE 754 bits and the dimensions, so a
 * file read back is compared exactly (a value differing in its last bit changes it).
 */
export function archiveChecksum(points: readonly ArchivedPoint[]): string {
  const hash = createHash('sha256');
  const bits = new DataView(new ArrayBuffer(8));
  for (const point of points) {
    bits.setFloat64(0, point.value);
    hash.update(`${point.tsMicros}\u0000${point.seriesKey}\u0000`);
    hash.update(new Uint8Array(bits.buffer));
    hash.update(`\u0000${point.dimensions}\u0001`);
  }
  return hash.digest('hex');
}

const dayMs = 86_400_000;

/**
 * First instant kept raw under a policy of `rawDays`: the start of the UTC month that contains `now - rawDays`.
 * Whole months only, so every archive file covers a full month and nothing younger than `rawDays` leaves.
 */
export function retentionCutoff(now: Date, rawDays: number): Date {
  const edge = new Date(now.getTime() - rawDays * dayMs);
  return new Date(Date.UTC(edge.getUTCFullYear(), edge.getUTCMonth(), 1));
}

/** Start of the UTC month after `month`. */
export function nextMonth(month: Date): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
}

/** `YYYY-MM` of a UTC month start. */
export function monthLabel(month: Date): string {
  return month.toISOString().slice(0, 7);
}

/** Microseconds since the epoch of a `Date`. */
export function toMicros(date: Date): bigint {
  return BigInt(date.getTime()) * 1000n;
}

/** The `Date` (millisecond precision, as node-postgres reads `timestamptz`) of an instant in microseconds. */
export function fromMicros(micros: bigint): Date {
  // Floor division, so instants before 1970 land on the same millisecond node-postgres gives.
  const millis = micros >= 0n ? micros / 1000n : -((-micros + 999n) / 1000n);
  return new Date(Number(millis));
}
