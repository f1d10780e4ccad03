/** Milliseconds in one minute. */
export const minuteMs = 60_000;
/** Milliseconds in one hour. */
export const hourMs = 3_600_000;
/** Milliseconds in one nominal (24-hour) day. */
export const dayMs = 86_400_000;

/** Floor modulo: the result has the sign of `divisor` (so `floorMod(-1, 1000) === 999`). */
export function floorMod(dividend: number, divisor: number): number {
  return ((dividend % divisor) + divisor) % divisor;
}

/**
 * Epoch milliseconds of a proleptic-Gregorian wall-clock time read as if it were UTC ("wall milliseconds").
 * Unlike `Date.UTC`, years 0-99 are taken literally; months and days out of range roll over.
 */
export function wallTime(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millisecond);
  return date.getTime();
}

/** Wall-clock fields of a wall-milliseconds value (see {@link wallTime}), proleptic Gregorian calendar. */
export interface WallFields {
  readonly year: number;
  /** 1 = January ... 12 = December. */
  readonly month: number;
  /** Day of the month, 1-31. */
  readonly day: number;
  /** 0-23. */
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  readonly weekday: number;
}

/** Splits wall milliseconds into calendar fields. */
export function wallFields(wall: number): WallFields {
  const date = new Date(wall);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
    weekday: ((date.getUTCDay() + 6) % 7) + 1,
  };
}

/** Number of days in `month` (1-12) of `year`, proleptic Gregorian. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** ISO 8601 text of a wall-clock value without offset, for messages: `2024-03-31T02:30:00.000`. */
export function formatWall(wall: number): string {
  return new Date(wall).toISOString().slice(0, -1);
}
