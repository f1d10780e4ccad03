import { z } from 'zod';
import { wallTime } from './internal/calendar.js';

/** Earliest instant Dyocense's calendar functions accept: 0001-01-01T00:00:00.000Z, in epoch milliseconds. */
export const minInstant: number = wallTime(1, 1, 1);
/** Latest instant Dyocense's calendar functions accept: 9999-12-31T23:59:59.999Z, in epoch milliseconds. */
export const maxInstant: number = wallTime(10_000, 1, 1) - 1;

/**
 * An instant as integer epoch milliseconds (UTC), between {@link minInstant} and {@link maxInstant}
 * (years 1 to 9999, as in ISO 8601 basic dates).
 */
export const instantSchema = z
  .number()
  .int()
  .min(minInstant, { message: 'must be an instant at or after 0001-01-01T00:00:00Z (epoch milliseconds)' })
  .max(maxInstant, {
    message: 'must be an instant at or before 9999-12-31T23:59:59.999Z (epoch milliseconds)',
  });
