import type { Grain } from '../../model/frequency.js';
import { floorMod, hourMs, wallFields, wallTime } from './calendar.js';
import { bucketStartAt } from './resolve-wall.js';
import type { OffsetOf } from './zone-offset.js';

/** Calendar settings that decide where weeks, quarters and years begin. */
export interface CalendarSettings {
  /** ISO weekday a week starts on: 1 = Monday ... 7 = Sunday. */
  readonly weekStartsOn: number;
  /** Month (1-12) the (fiscal) year and its quarters start in. */
  readonly fiscalYearStartMonth: number;
}

/** Start of the hour containing `instant`; a repeated hour after a fall-back is a bucket of its own. */
function startOfHour(instant: number, offsetOf: OffsetOf): number {
  const offset = offsetOf(instant);
  const candidate = instant - floorMod(instant + offset, hourMs);
  if (offsetOf(candidate) === offset) return candidate;
  // The offset changed inside this local hour: the bucket starts at the transition.
  let low = candidate;
  let high = instant;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetOf(middle) === offset) high = middle;
    else low = middle;
  }
  return high;
}

/** Wall time (wall milliseconds) at which the local calendar bucket containing `localWall` starts. */
function bucketWallStart(
  localWall: number,
  grain: Exclude<Grain, 'hour'>,
  settings: CalendarSettings,
): number {
  const fields = wallFields(localWall);
  switch (grain) {
    case 'day':
      return wallTime(fields.year, fields.month, fields.day);
    case 'week':
      return wallTime(
        fields.year,
        fields.month,
        fields.day - floorMod(fields.weekday - settings.weekStartsOn, 7),
      );
    case 'month':
      return wallTime(fields.year, fields.month, 1);
    case 'quarter':
      return wallTime(
        fields.year,
        fields.month - (floorMod(fields.month - settings.fiscalYearStartMonth, 12) % 3),
        1,
      );
    case 'year':
      return wallTime(
        fields.month >= settings.fiscalYearStartMonth ? fields.year : fields.year - 1,
        settings.fiscalYearStartMonth,
        1,
      );
  }
}

/** Adds one bucket of `grain` to a bucket's starting wall time. */
function nextBucketWall(wallStart: number, grain: Exclude<Grain, 'hour'>): number {
  const fields = wallFields(wallStart);
  switch (grain) {
    case 'day':
      return wallTime(fields.year, fields.month, fields.day + 1);
    case 'week':
      return wallTime(fields.year, fields.month, fields.day + 7);
    case 'month':
      return wallTime(fields.year, fields.month + 1, 1);
    case 'quarter':
      return wallTime(fields.year, fields.month + 3, 1);
    case 'year':
      return wallTime(fields.year + 1, fields.month, 1);
  }
}

/** Unchecked core of `startOfGrain`. */
export function grainStart(
  instant: number,
  grain: Grain,
  offsetOf: OffsetOf,
  settings: CalendarSettings,
): number {
  if (grain === 'hour') return startOfHour(instant, offsetOf);
  const localWall = instant + offsetOf(instant);
  return bucketStartAt(bucketWallStart(localWall, grain, settings), offsetOf);
}

/** Unchecked core of `nextGrainStart`: the start of the bucket after the one containing `instant`. */
export function grainEnd(
  instant: number,
  grain: Grain,
  offsetOf: OffsetOf,
  settings: CalendarSettings,
): number {
  if (grain === 'hour') {
    const start = startOfHour(instant, offsetOf);
    const offset = offsetOf(start);
    if (floorMod(start + offset, hourMs) === 0 && offsetOf(start + hourMs) === offset) return start + hourMs;
    const next = startOfHour(start + hourMs, offsetOf);
    return next > start ? next : start + hourMs;
  }
  const localWall = instant + offsetOf(instant);
  return bucketStartAt(nextBucketWall(bucketWallStart(localWall, grain, settings), grain), offsetOf);
}
