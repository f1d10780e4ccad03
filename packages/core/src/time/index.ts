export {
  type CalendarOptions,
  calendarOptionsSchema,
  monthSchema,
  weekdaySchema,
} from './calendar-options.js';
export {
  type FromLocalDatePartsOptions,
  fromLocalDateParts,
  type LocalDateTime,
} from './from-local-date-parts.js';
export { getTimeZoneOffset } from './get-time-zone-offset.js';
export { instantSchema, maxInstant, minInstant } from './instant.js';
export { nextGrainStart } from './next-grain-start.js';
export { startOfGrain } from './start-of-grain.js';
export { isTimeZone, timeZoneSchema } from './time-zone.js';
export { type LocalDateParts, toLocalDateParts } from './to-local-date-parts.js';
