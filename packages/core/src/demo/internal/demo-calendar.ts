import type { DemoYearlySeasonality } from '../demo-business.js';
import { type DayNumber, fromDayNumber, toDayNumber } from './civil-date.js';
import { ukBankHolidays } from './uk-bank-holidays.js';

/** Per-day facts every part of the simulation shares, indexed by position in the generated range. */
export interface DemoCalendar {
  readonly days: readonly DayNumber[];
  /** 0 = Monday … 6 = Sunday. */
  readonly weekdays: readonly number[];
  readonly daysOfYear: readonly number[];
  /** Christmas Day and Boxing Day (the calendar dates, whatever day of the week they fall on). */
  readonly closed: readonly boolean[];
  /** An open bank holiday (England and Wales), including substitute days. */
  readonly bankHoliday: readonly boolean[];
  /** 24 December to 1 January. */
  readonly festive: readonly boolean[];
  /** 1 to 24 December. */
  readonly giftSeason: readonly boolean[];
  /** Number of 1 Aprils after the first day, up to and including this day (wage rises so far). */
  readonly wageRises: readonly number[];
  /** Bank holidays from the first day's year to the year after the last day's. */
  readonly bankHolidays: ReadonlyMap<DayNumber, string>;
}

/** The calendar of `count` days from `first`. */
export function createDemoCalendar(first: DayNumber, count: number): DemoCalendar {
  const bankHolidays = new Map<DayNumber, string>();
  const lastYear = fromDayNumber(first + count - 1).year + 1;
  for (let year = fromDayNumber(first).year; year <= lastYear; year++) {
    for (const holiday of ukBankHolidays(year)) bankHolidays.set(holiday.day, holiday.name);
  }
  const days: DayNumber[] = [];
  const weekdays: number[] = [];
  const daysOfYear: number[] = [];
  const closed: boolean[] = [];
  const bankHoliday: boolean[] = [];
  const festive: boolean[] = [];
  const giftSeason: boolean[] = [];
  const wageRises: number[] = [];
  let rises = 0;
  let newYear = Number.NaN;
  for (let index = 0; index < count; index++) {
    const day = first + index;
    const { year, month, day: dayOfMonth, weekday } = fromDayNumber(day);
    if (index === 0 || (month === 1 && dayOfMonth === 1)) newYear = toDayNumber(year, 1, 1);
    if (index > 0 && month === 4 && dayOfMonth === 1) rises++;
    const isClosed = month === 12 && (dayOfMonth === 25 || dayOfMonth === 26);
    days.push(day);
    weekdays.push(weekday - 1);
    daysOfYear.push(day - newYear + 1);
    closed.push(isClosed);
    bankHoliday.push(!isClosed && bankHolidays.has(day));
    festive.push((month === 12 && dayOfMonth >= 24) || (month === 1 && dayOfMonth === 1));
    giftSeason.push(month === 12 && dayOfMonth <= 24);
    wageRises.push(rises);
  }
  return { days, weekdays, daysOfYear, closed, bankHoliday, festive, giftSeason, wageRises, bankHolidays };
}

/** The multiplier a yearly cycle gives on a day of the year. */
export function yearlyMultiplier(seasonality: DemoYearlySeasonality, dayOfYearValue: number): number {
  return (
    1 +
    seasonality.amplitude * Math.cos((2 * Math.PI * (dayOfYearValue - seasonality.peakDayOfYear)) / 365.25)
  );
}

/**
 * The first Monday on or after `from` that is neither a bank holiday nor a closure: the day the price
 * change takes effect.
 */
export function firstTradingMonday(from: DayNumber, bankHolidays: ReadonlyMap<DayNumber, string>): DayNumber {
  let day = from + ((8 - fromDayNumber(from).weekday) % 7);
  while (bankHolidays.has(day) || isChristmasClosure(day)) day += 7;
  return day;
}

function isChristmasClosure(day: DayNumber): boolean {
  const { month, day: dayOfMonth } = fromDayNumber(day);
  return month === 12 && (dayOfMonth === 25 || dayOfMonth === 26);
}
