import { parseInput } from '../errors/parse-input.js';
import { instantSchema } from './instant.js';
import { type WallFields, wallFields } from './internal/calendar.js';
import { zoneOffset } from './internal/zone-offset.js';
import { timeZoneSchema } from './time-zone.js';

/** Local calendar fields of an instant in a time zone (proleptic Gregorian calendar). */
export interface LocalDateParts extends WallFields {
  /** UTC offset in milliseconds at that instant (local = instant + offset). */
  readonly offset: number;
}

/**
 * What the clock and calendar in `timeZone` show at `instant`.
 *
 * @param instant - epoch milliseconds (see `instantSchema`).
 * @param timeZone - IANA zone name.
 * @throws DyocenseError `invalid_input` for a non-integer or out-of-range instant or an unknown zone.
 * @example
 * toLocalDateParts(Date.UTC(2024, 2, 31, 1), 'Europe/Berlin');
 * // { year: 2024, month: 3, day: 31, hour: 3, minute: 0, second: 0, millisecond: 0, weekday: 7, offset: 7_200_000 }
 */
export function toLocalDateParts(instant: number, timeZone: string): LocalDateParts {
  parseInput(instantSchema, instant, 'instant');
  parseInput(timeZoneSchema, timeZone, 'time zone');
  const offset = zoneOffset(instant, timeZone);
  return { ...wallFields(instant + offset), offset };
}
