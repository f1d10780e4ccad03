import { parseInput } from '../../errors/parse-input.js';
import { type Grain, grainSchema } from '../../model/frequency.js';
import { type CalendarOptions, calendarOptionsSchema } from '../calendar-options.js';
import { instantSchema } from '../instant.js';
import { timeZoneSchema } from '../time-zone.js';
import type { CalendarSettings } from './grain-boundaries.js';
import { directOffsetOf, type OffsetOf } from './zone-offset.js';

/** The checked arguments of `startOfGrain` and `nextGrainStart`, ready for the unchecked cores. */
export interface GrainArguments {
  readonly offsetOf: OffsetOf;
  readonly settings: CalendarSettings;
}

/**
 * Validates the arguments `startOfGrain` and `nextGrainStart` share and applies the calendar defaults.
 *
 * @throws DyocenseError `invalid_input` for an invalid instant, grain, zone or option.
 */
export function parseGrainArguments(
  instant: number,
  grain: Grain,
  timeZone: string,
  options: CalendarOptions,
): GrainArguments {
  parseInput(instantSchema, instant, 'instant');
  parseInput(grainSchema, grain, 'grain');
  parseInput(timeZoneSchema, timeZone, 'time zone');
  return {
    offsetOf: directOffsetOf(timeZone),
    settings: parseInput(calendarOptionsSchema, options, 'calendar options'),
  };
}
