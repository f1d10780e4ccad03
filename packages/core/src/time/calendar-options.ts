import { z } from 'zod';

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export const weekdaySchema = z.number().int().min(1).max(7);

/** Calendar month: 1 = January ... 12 = December. */
export const monthSchema = z.number().int().min(1).max(12);

/**
 * Where calendar buckets begin: `weekStartsOn` (ISO weekday, default 1 = Monday, as in ISO 8601 weeks) and
 * `fiscalYearStartMonth` (default 1 = January; quarters and years start in that month and every third after it).
 */
export const calendarOptionsSchema = z.object({
  weekStartsOn: weekdaySchema.default(1),
  fiscalYearStartMonth: monthSchema.default(1),
});

/** Options accepted by the calendar functions (see {@link calendarOptionsSchema}). */
export type CalendarOptions = z.input<typeof calendarOptionsSchema>;
