import { dayMs } from './calendar.js';
import type { OffsetOf } from './zone-offset.js';

/** How a wall-clock time maps to instants in a zone. */
export type WallResolution =
  | { readonly kind: 'unique'; readonly instant: number }
  | { readonly kind: 'ambiguous'; readonly earlier: number; readonly later: number }
  | { readonly kind: 'nonexistent'; readonly next: number };

/**
 * Finds the instants at which the clock of a zone (given by its offsets) shows `wall` (wall milliseconds, see `wallTime`).
 * For a skipped time, `next` is the first instant whose local time is later than `wall`: the transition.
 */
export function resolveWall(wall: number, offsetOf: OffsetOf): WallResolution {
  const offsets = new Set([offsetOf(wall - dayMs), offsetOf(wall), offsetOf(wall + dayMs)]);
  const instants: number[] = [];
  for (const offset of offsets) {
    const candidate = wall - offset;
    if (offsetOf(candidate) === offset && !instants.includes(candidate)) instants.push(candidate);
  }
  instants.sort((left, right) => left - right);
  const earlier = instants[0];
  const later = instants.at(-1);
  if (earlier !== undefined && later !== undefined) {
    return earlier === later ? { kind: 'unique', instant: earlier } : { kind: 'ambiguous', earlier, later };
  }
  // A gap: the clock jumps over `wall`. Binary search for the first instant whose local time is >= wall.
  const sorted = [...offsets].sort((left, right) => left - right);
  let low = wall - (sorted.at(-1) as number);
  let high = wall - (sorted[0] as number);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (middle + offsetOf(middle) >= wall) high = middle;
    else low = middle;
  }
  return { kind: 'nonexistent', next: high };
}

/** The earlier instant of a repeated wall time, or `skipped(next)` for a wall time the clock jumps over. */
function earlierInstantAt(wall: number, offsetOf: OffsetOf, skipped: (next: number) => number): number {
  const resolution = resolveWall(wall, offsetOf);
  switch (resolution.kind) {
    case 'unique':
      return resolution.instant;
    case 'ambiguous':
      return resolution.earlier;
    case 'nonexistent':
      return skipped(resolution.next);
  }
}

/**
 * The instant a local bucket starting at `wall` begins: the earliest instant whose local time is `wall`, or,
 * when `wall` is skipped by a DST jump, the first instant after the jump.
 */
export function bucketStartAt(wall: number, offsetOf: OffsetOf): number {
  return earlierInstantAt(wall, offsetOf, (next) => next);
}

/**
 * The instant at which the clock of a zone shows `wall`, read as most date libraries do (Temporal's
 * `compatible`, java.time): a repeated wall time gives the earlier instant; a skipped one is read with the
 * offset in force before the jump, so 02:30 in a gap from 02:00 to 03:00 becomes 03:30.
 */
export function compatibleInstantAt(wall: number, offsetOf: OffsetOf): number {
  return earlierInstantAt(wall, offsetOf, (next) => wall - offsetOf(next - 1));
}
