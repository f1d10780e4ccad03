import { type Frequency, fromLocalDateParts, toLocalDateParts } from '@dyocense/core';

const fixedMilliseconds: Partial<Record<Frequency, number>> = { minute: 60_000, hour: 3_600_000 };
const monthsPer: Partial<Record<Frequency, number>> = { month: 1, quarter: 3, year: 12 };
const daysPer: Partial<Record<Frequency, number>> = { day: 1, week: 7 };

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The timestamp `count` observations after `timestamp` for a series of `frequency` and `step`: minutes and hours
 * are fixed lengths of time, days and weeks move the local calendar date of `timeZone` (keeping the wall-clock
 * time across daylight-saving changes), months, quarters and years move the month keeping the day (clamped to
 * the month's last day). `period` timestamps are integer indices.
 */
export function addPeriods(
  timestamp: number,
  frequency: Frequency,
  step: number,
  timeZone: string,
  count: number,
): number {
  const units = step * count;
  if (frequency === 'period') return timestamp + units;
  const fixed = fixedMilliseconds[frequency];
  if (fixed !== undefined) return timestamp + units * fixed;
  const parts = toLocalDateParts(timestamp, timeZone);
  const time = {
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    millisecond: parts.millisecond,
  };
  const days = daysPer[frequency];
  if (days !== undefined) {
    const date = new Date(Date.UTC(parts.year, parts.month - 1, parts.day + units * days));
    return fromLocalDateParts(
      { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), ...time },
      timeZone,
    );
  }
  const months = (monthsPer[frequency] ?? 1) * units;
  const monthIndex = parts.year * 12 + (parts.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return fromLocalDateParts(
    { year, month, day: Math.min(parts.day, daysInMonth(year, month)), ...time },
    timeZone,
  );
}
