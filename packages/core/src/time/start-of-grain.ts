import type { Grain } from '../model/frequency.js';
import type { CalendarOptions } from './calendar-options.js';
import { grainStart } from './internal/grain-boundaries.js';
import { parseGrainArguments } from './internal/parse-grain-arguments.js';

/**
 * The instant at which the local calendar bucket (`grain`) containing `instant` starts in `timeZone`.
 *
 * Buckets follow the local calendar: a day runs from local midnight to the next local midnight, so it lasts
 * 23 or 25 hours on DST change days. Weeks start on `weekStartsOn` (default Monday, ISO 8601); quarters and
 * years on `fiscalYearStartMonth` (default January). Where a bucket's first wall time is skipped (clocks jump
 * over midnight, e.g. America/Santiago) the bucket starts at the jump; where it occurs twice (America/Havana)
 * it starts at the first occurrence. An hour repeated after clocks go back is a separate hour bucket.
 *
 * @param instant - epoch milliseconds (see `instantSchema`).
 * @param timeZone - IANA zone whose calendar defines the buckets.
 * @returns epoch milliseconds, at or before `instant`.
 * @throws DyocenseError `invalid_input` for an invalid instant, grain, zone or option.
 * @example
 * startOfGrain(Date.UTC(2024, 2, 31, 12), 'day', 'Europe/Berlin'); // Date.UTC(2024, 2, 30, 23): local midnight
 */
export function startOfGrain(
  instant: number,
  grain: Grain,
  timeZone: string,
  options: CalendarOptions = {},
): number {
  const { offsetOf, settings } = parseGrainArguments(instant, grain, timeZone, options);
  return grainStart(instant, grain, offsetOf, settings);
}
