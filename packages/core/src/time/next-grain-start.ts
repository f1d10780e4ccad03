import type { Grain } from '../model/frequency.js';
import type { CalendarOptions } from './calendar-options.js';
import { grainEnd } from './internal/grain-boundaries.js';
import { parseGrainArguments } from './internal/parse-grain-arguments.js';

/**
 * The instant at which the local calendar bucket after the one containing `instant` starts, i.e. the exclusive
 * end of `instant`'s bucket. Same bucket rules as `startOfGrain`; `nextGrainStart(t) - startOfGrain(t)` is the
 * bucket's length in milliseconds (82_800_000 for Europe/Berlin on 2024-03-31).
 *
 * @param instant - epoch milliseconds (see `instantSchema`).
 * @param timeZone - IANA zone whose calendar defines the buckets.
 * @returns epoch milliseconds, after `instant`.
 * @throws DyocenseError `invalid_input` for an invalid instant, grain, zone or option.
 */
export function nextGrainStart(
  instant: number,
  grain: Grain,
  timeZone: string,
  options: CalendarOptions = {},
): number {
  const { offsetOf, settings } = parseGrainArguments(instant, grain, timeZone, options);
  return grainEnd(instant, grain, offsetOf, settings);
}
