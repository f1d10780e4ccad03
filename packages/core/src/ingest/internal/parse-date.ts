import { dayMs, daysInMonth, wallTime } from '../../time/internal/calendar.js';

/** A calendar date-time read from text, before time-zone resolution. */
export interface DateParts {
  /** Local date-time encoded as if it were UTC, in epoch milliseconds. */
  readonly localMs: number;
  /** Offset written in the text (`Z`, `+02:00`), in minutes; `undefined` when the text had none. */
  readonly offsetMinutes: number | undefined;
  /** True when the text carried a time of day. */
  readonly hasTime: boolean;
}

/** Order of day and month in `01/02/2024`-style dates. */
export type DayMonthOrder = 'dmy' | 'mdy';

/** What a slash date says about the day/month order. */
export type OrderEvidence = 'dmy' | 'mdy' | 'either' | 'same';

const iso =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const yearMonth = /^(\d{4})-(\d{2})$/;
const yearFirstSlash = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const dayMonthYear = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Wall milliseconds of a calendar date-time, or `undefined` when a field is out of range (`2024-02-30`, 24:00). */
function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return wallTime(year, month, day, hour, minute, second, millisecond);
}

function parseOffset(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  if (text.toUpperCase() === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

function number(text: string | undefined): number {
  return text === undefined ? 0 : Number(text);
}

/** A date without offset whose optional hour, minute and second are the groups of `match` from `hourGroup` on. */
function localDateParts(
  year: number,
  month: number,
  day: number,
  match: RegExpExecArray,
  hourGroup: number,
): DateParts | undefined {
  const hour = match[hourGroup];
  const localMs = build(
    year,
    month,
    day,
    number(hour),
    number(match[hourGroup + 1]),
    number(match[hourGroup + 2]),
    0,
  );
  return localMs === undefined
    ? undefined
    : { localMs, offsetMinutes: undefined, hasTime: hour !== undefined };
}

/**
 * Reads ISO 8601 (`2024-03-01`, `2024-03-01T10:00`, `2024-03-01 10:00:00+02:00`), `yyyy-mm` (first of the
 * month), `yyyy/mm/dd` and `dd/mm/yyyy` or `mm/dd/yyyy` (separator `/`, `.` or `-`) in the given order.
 * Returns `undefined` for anything else, including impossible dates such as `2024-02-30`.
 */
export function parseDateText(raw: string, order: DayMonthOrder): DateParts | undefined {
  const text = raw.trim();
  let match = iso.exec(text);
  if (match !== null) {
    const offsetMinutes = parseOffset(match[8]);
    if (offsetMinutes === null) return undefined;
    const fraction = match[7] === undefined ? 0 : Number(match[7].slice(0, 3).padEnd(3, '0'));
    const localMs = build(
      number(match[1]),
      number(match[2]),
      number(match[3]),
      number(match[4]),
      number(match[5]),
      number(match[6]),
      fraction,
    );
    if (localMs === undefined) return undefined;
    return { localMs, offsetMinutes, hasTime: match[4] !== undefined };
  }
  match = yearMonth.exec(text);
  if (match !== null) {
    const localMs = build(number(match[1]), number(match[2]), 1, 0, 0, 0, 0);
    return localMs === undefined ? undefined : { localMs, offsetMinutes: undefined, hasTime: false };
  }
  match = yearFirstSlash.exec(text);
  if (match !== null) {
    return localDateParts(number(match[1]), number(match[2]), number(match[3]), match, 4);
  }
  match = dayMonthYear.exec(text);
  if (match !== null) {
    const first = number(match[1]);
    const second = number(match[3]);
    const day = order === 'dmy' ? first : second;
    const month = order === 'dmy' ? second : first;
    return localDateParts(number(match[4]), month, day, match, 5);
  }
  return undefined;
}

/**
 * What a `dd/mm/yyyy`-or-`mm/dd/yyyy` text says about the order: `dmy` when the first field is above 12,
 * `mdy` when the second is, `same` when both fields are equal, `either` when both readings are valid,
 * `undefined` when the text is not such a date.
 */
export function dayMonthEvidence(raw: string): OrderEvidence | undefined {
  const match = dayMonthYear.exec(raw.trim());
  if (match === null) return undefined;
  const first = number(match[1]);
  const second = number(match[3]);
  if (first > 12 && second <= 12) return 'dmy';
  if (second > 12 && first <= 12) return 'mdy';
  if (first === second) return 'same';
  if (first <= 12 && second <= 12) return 'either';
  return undefined;
}

const excelEpochMs = Date.UTC(1899, 11, 30);

/** Converts an Excel serial day number (1900 date system) to a local date-time encoded as UTC milliseconds. */
export function excelSerialToLocalMs(serial: number): number | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return undefined;
  return excelEpochMs + Math.round(serial * dayMs);
}
