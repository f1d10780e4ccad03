import { z } from 'zod';
import { DyocenseError } from '../errors/dyocense-error.js';
import { parseInput } from '../errors/parse-input.js';
import { maxInstant, minInstant } from './instant.js';
import { daysInMonth, formatWall, wallTime } from './internal/calendar.js';
import { resolveWall } from './internal/resolve-wall.js';
import { directOffsetOf } from './internal/zone-offset.js';
import { timeZoneSchema } from './time-zone.js';

const localDateTimeSchema = z
  .object({
    year: z.number().int().min(0).max(10_000),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
    hour: z.number().int().min(0).max(23).default(0),
    minute: z.number().int().min(0).max(59).default(0),
    second: z.number().int().min(0).max(59).default(0),
    millisecond: z.number().int().min(0).max(999).default(0),
  })
  .refine((parts) => parts.day <= daysInMonth(parts.year, parts.month), {
    path: ['day'],
    message: 'is past the end of the month',
  });

/** A local calendar date and wall-clock time; omitted time fields are 0. */
export type LocalDateTime = z.input<typeof localDateTimeSchema>;

const optionsSchema = z.object({
  ambiguous: z.enum(['earlier', 'later', 'reject']).default('earlier'),
  nonexistent: z.enum(['shift_forward', 'reject']).default('shift_forward'),
});

/**
 * How {@link fromLocalDateParts} treats wall times that occur twice (`ambiguous`, after clocks go back; default
 * `earlier`) or never (`nonexistent`, skipped when clocks go forward; default `shift_forward`, the first instant
 * after the jump, as pandas' `nonexistent='shift_forward'`). `reject` throws instead.
 */
export type FromLocalDatePartsOptions = z.input<typeof optionsSchema>;

/**
 * The instant at which the clock in `timeZone` shows the given local date and time, in epoch milliseconds.
 *
 * @throws DyocenseError `invalid_input` for invalid fields (e.g. 31 April), an unknown zone, a result outside
 * the supported range (years 1-9999 UTC), or a skipped/repeated wall time when the option says `reject`.
 * @example
 * fromLocalDateParts({ year: 2024, month: 3, day: 31, hour: 2, minute: 30 }, 'Europe/Berlin');
 * // Date.UTC(2024, 2, 31, 1): 02:30 does not exist that day, so the clock's jump to 03:00 is returned
 */
export function fromLocalDateParts(
  parts: LocalDateTime,
  timeZone: string,
  options: FromLocalDatePartsOptions = {},
): number {
  const local = parseInput(localDateTimeSchema, parts, 'local date and time');
  parseInput(timeZoneSchema, timeZone, 'time zone');
  const settings = parseInput(optionsSchema, options, 'local date options');
  const wall = wallTime(
    local.year,
    local.month,
    local.day,
    local.hour,
    local.minute,
    local.second,
    local.millisecond,
  );
  const resolution = resolveWall(wall, directOffsetOf(timeZone));
  let instant: number;
  if (resolution.kind === 'unique') {
    instant = resolution.instant;
  } else if (resolution.kind === 'ambiguous') {
    if (settings.ambiguous === 'reject') {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Local time ${formatWall(wall)} occurs twice in ${timeZone} (clocks go back); choose ambiguous: 'earlier' or 'later'`,
        details: { earlier: resolution.earlier, later: resolution.later },
      });
    }
    instant = settings.ambiguous === 'earlier' ? resolution.earlier : resolution.later;
  } else {
    if (settings.nonexistent === 'reject') {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Local time ${formatWall(wall)} does not exist in ${timeZone} (clocks skip forward)`,
        details: { next: resolution.next },
      });
    }
    instant = resolution.next;
  }
  if (instant < minInstant || instant > maxInstant) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Local time ${formatWall(wall)} in ${timeZone} is outside the supported range (years 1-9999 UTC)`,
    });
  }
  return instant;
}
