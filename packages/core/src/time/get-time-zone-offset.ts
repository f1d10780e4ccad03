import { parseInput } from '../errors/parse-input.js';
import { instantSchema } from './instant.js';
import { zoneOffset } from './internal/zone-offset.js';
import { timeZoneSchema } from './time-zone.js';

/**
 * The UTC offset of `timeZone` at `instant`, in milliseconds: local wall time = `instant + offset`
 * (Europe/Berlin in summer gives 7_200_000).
 *
 * @param instant - epoch milliseconds (see `instantSchema`).
 * @param timeZone - IANA zone name.
 * @throws DyocenseError `invalid_input` for a non-integer or out-of-range instant or an unknown zone.
 */
export function getTimeZoneOffset(instant: number, timeZone: string): number {
  parseInput(instantSchema, instant, 'instant');
  parseInput(timeZoneSchema, timeZone, 'time zone');
  return zoneOffset(instant, timeZone);
}
