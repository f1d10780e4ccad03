import { z } from 'zod';
import { parseInput } from '../errors/parse-input.js';
import { timeZoneSchema } from '../time/time-zone.js';
import { frequencySchema } from './frequency.js';
import {
  collectGaps,
  type FrequencyGap,
  toCalendarPoints,
  toSortedTimestamps,
  unitsBetween,
} from './internal/calendar-intervals.js';

export type { FrequencyGap } from './internal/calendar-intervals.js';

const optionsSchema = z.object({
  frequency: frequencySchema,
  step: z.number().int().positive().default(1),
  timeZone: timeZoneSchema.default('UTC'),
});

/**
 * Options of {@link findGaps}: the series' `frequency`, `step` (units per observation, default 1) and the
 * `timeZone` (IANA, default `UTC`) whose calendar defines days and months.
 */
export type FindGapsOptions = z.input<typeof optionsSchema>;

/**
 * Lists the gaps in a series of known frequency: consecutive timestamps two or more steps apart, with the
 * number of missing observations. Intervals that are not a whole number of steps are not gaps (they are
 * irregular; see `inferFrequency`). Days and months follow the local calendar of `timeZone`. Daily gaps that
 * only skip a Saturday and/or Sunday are flagged `weekend: true`.
 *
 * @param timestamps - epoch milliseconds (period indices for `period`), any order, no duplicates.
 * @returns gaps in time order; empty for fewer than two timestamps.
 * @throws DyocenseError `invalid_input` for non-integer, out-of-range or duplicate timestamps or bad options.
 */
export function findGaps(timestamps: readonly number[], options: FindGapsOptions): FrequencyGap[] {
  const sorted = toSortedTimestamps(timestamps);
  const { frequency, step, timeZone } = parseInput(optionsSchema, options, 'gap options');
  const points = frequency === 'period' ? undefined : toCalendarPoints(sorted, timeZone);
  return collectGaps(sorted, points, unitsBetween(sorted, points, frequency), frequency, step);
}
