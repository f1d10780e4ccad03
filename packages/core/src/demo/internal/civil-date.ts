import { fromLocalDateParts } from '../../time/from-local-date-parts.js';
import { toLocalDateParts } from '../../time/to-local-date-parts.js';

const millisecondsPerDay = 86_400_000;

/**
 * A calendar date as a day number: whole days since 1970-01-01 (proleptic Gregorian, no time zone). The
 * demo indexes its days, holidays and events by it; the calendar arithmetic is `src/time`'s, in UTC.
 */
export type DayNumber = number;

/** Calendar fields of a day number (`month` 1–12, ISO `weekday` 1 = Monday … 7 = Sunday). */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
}

/** Day number of a calendar date (`month` 1–12, `day` within the month). */
export function toDayNumber(year: number, month: number, day: number): DayNumber {
  return fromLocalDateParts({ year, month, day }, 'UTC') / millisecondsPerDay;
}

/** Calendar fields of a day number. */
export function fromDayNumber(dayNumber: DayNumber): CivilDate {
  const { year, month, day, weekday } = toLocalDateParts(dayNumber * millisecondsPerDay, 'UTC');
  return { year, month, day, weekday };
}

/** Day number of a `YYYY-MM-DD` string, or `undefined` when the text is not a real calendar date. */
export function parseIsoDate(text: string): DayNumber | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if (day > 28 && fromDayNumber(toDayNumber(year, month, 1) + day - 1).month !== month) return undefined;
  return toDayNumber(year, month, day);
}

/** `YYYY-MM-DD` of calendar fields (years 0–9999). */
export function formatIsoDate(date: Pick<CivilDate, 'year' | 'month' | 'day'>): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` of a day number. */
export function toIsoDate(dayNumber: DayNumber): string {
  return formatIsoDate(fromDayNumber(dayNumber));
}
