import { type DayNumber, fromDayNumber, toDayNumber } from './civil-date.js';

/** One bank holiday (England and Wales). */
export interface BankHoliday {
  readonly day: DayNumber;
  readonly name: string;
}

/**
 * Easter Sunday of a Gregorian year by the anonymous Gregorian computus (Meeus/Jones/Butcher algorithm,
 * Meeus, *Astronomical Algorithms*, ch. 8).
 */
export function easterSunday(year: number): DayNumber {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toDayNumber(year, month, day);
}

/** ISO weekday index: 0 = Monday … 6 = Sunday. */
function weekdayIndex(day: DayNumber): number {
  return fromDayNumber(day).weekday - 1;
}

function firstMonday(year: number, month: number): DayNumber {
  const first = toDayNumber(year, month, 1);
  return first + ((7 - weekdayIndex(first)) % 7);
}

/** The last Monday of `month` (1–11). */
function lastMonday(year: number, month: number): DayNumber {
  const last = toDayNumber(year, month + 1, 1) - 1;
  return last - weekdayIndex(last);
}

/**
 * The bank holidays of England and Wales in `year`, by the standing rules of the Banking and Financial
 * Dealings Act 1971 and the annual proclamations that follow them: New Year's Day, Good Friday, Easter
 * Monday, the early May and spring bank holidays (first and last Monday of May), the summer bank holiday
 * (last Monday of August), Christmas Day and Boxing Day, with a substitute weekday when a fixed date falls
 * on a weekend. One-off proclaimed holidays (jubilees, royal weddings, the 2023 coronation) and one-off
 * moves (8 May 2020) are not rules and are not included. Sorted by date.
 */
export function ukBankHolidays(year: number): BankHoliday[] {
  const holidays: BankHoliday[] = [];
  const newYear = toDayNumber(year, 1, 1);
  const newYearWeekday = weekdayIndex(newYear);
  holidays.push(
    newYearWeekday >= 5
      ? { day: newYear + (7 - newYearWeekday), name: "New Year's Day (substitute day)" }
      : { day: newYear, name: "New Year's Day" },
  );
  const easter = easterSunday(year);
  holidays.push({ day: easter - 2, name: 'Good Friday' }, { day: easter + 1, name: 'Easter Monday' });
  holidays.push(
    { day: firstMonday(year, 5), name: 'Early May bank holiday' },
    { day: lastMonday(year, 5), name: 'Spring bank holiday' },
    { day: lastMonday(year, 8), name: 'Summer bank holiday' },
  );
  const christmas = toDayNumber(year, 12, 25);
  switch (weekdayIndex(christmas)) {
    case 4: // Friday: Boxing Day is a Saturday, its substitute the Monday.
      holidays.push(
        { day: christmas, name: 'Christmas Day' },
        { day: christmas + 3, name: 'Boxing Day (substitute day)' },
      );
      break;
    case 5: // Saturday: both move to Monday and Tuesday.
      holidays.push(
        { day: christmas + 2, name: 'Christmas Day (substitute day)' },
        { day: christmas + 3, name: 'Boxing Day (substitute day)' },
      );
      break;
    case 6: // Sunday: Boxing Day stays on Monday, Christmas moves to Tuesday.
      holidays.push(
        { day: christmas + 1, name: 'Boxing Day' },
        { day: christmas + 2, name: 'Christmas Day (substitute day)' },
      );
      break;
    default:
      holidays.push({ day: christmas, name: 'Christmas Day' }, { day: christmas + 1, name: 'Boxing Day' });
  }
  return holidays.sort((left, right) => left.day - right.day);
}
