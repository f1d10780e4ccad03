import { z } from 'zod';
import { DyocenseError } from '../../errors/dyocense-error.js';
import { parseInput } from '../../errors/parse-input.js';
import { instantSchema } from '../../time/instant.js';
import { dayMs, daysInMonth, floorMod, hourMs, minuteMs, wallFields } from '../../time/internal/calendar.js';
import { offsetTableOf } from '../../time/internal/zone-offset.js';
import type { Frequency } from '../frequency.js';

/** Frequencies with calendar meaning, finest first. */
export type CalendarFrequency = Exclude<Frequency, 'period'>;

/** Coarseness order used to break ties: a coarser frequency explains the same intervals more simply. */
export const frequencyRank: Readonly<Record<Frequency, number>> = {
  period: -1,
  minute: 0,
  hour: 1,
  day: 2,
  week: 3,
  month: 4,
  quarter: 5,
  year: 6,
};

/** One missing stretch between two consecutive observations. */
export interface FrequencyGap {
  /** Timestamp of the observation before the gap (epoch ms, or a period index). */
  readonly after: number;
  /** Timestamp of the observation after the gap. */
  readonly before: number;
  /** How many observations at the expected step are missing in between (at least 1). */
  readonly missing: number;
  /** True when the frequency is one day and every missing day is a Saturday or Sunday in the calendar's zone. */
  readonly weekend: boolean;
}

/** Local calendar position of one timestamp. */
export interface CalendarPoint {
  readonly dayNumber: number;
  readonly timeOfDay: number;
  readonly day: number;
  readonly monthIndex: number;
  readonly monthEnd: boolean;
  readonly weekday: number;
}

/** Validates timestamps (integers in the supported range), sorts a copy and rejects duplicates. */
export function toSortedTimestamps(timestamps: unknown): number[] {
  const sorted = [...parseInput(z.array(instantSchema), timestamps, 'timestamps')].sort(
    (left, right) => left - right,
  );
  for (let index = 1; index < sorted.length; index++) {
    if (sorted[index] === sorted[index - 1]) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Invalid timestamps: ${sorted[index]} appears more than once`,
        issues: [{ path: [], code: 'duplicate_key', message: `${sorted[index]} appears more than once` }],
      });
    }
  }
  return sorted;
}

/** Local calendar positions of ascending timestamps in `timeZone`. */
export function toCalendarPoints(sorted: readonly number[], timeZone: string): CalendarPoint[] {
  const offsetOf = offsetTableOf(timeZone, sorted[0] ?? 0, sorted.at(-1) ?? 0, sorted.length + 4096);
  return sorted.map((instant) => {
    const wall = instant + offsetOf(instant);
    const fields = wallFields(wall);
    const timeOfDay = floorMod(wall, dayMs);
    return {
      dayNumber: (wall - timeOfDay) / dayMs,
      timeOfDay,
      day: fields.day,
      monthIndex: fields.year * 12 + fields.month - 1,
      monthEnd: fields.day === daysInMonth(fields.year, fields.month),
      weekday: fields.weekday,
    };
  });
}

/**
 * How many whole units of each calendar frequency separate two observations; a frequency is absent when the
 * interval is not a whole number of its units. Days, weeks and months are counted on the local calendar (same
 * local time of day), so a 23-hour DST day is one day; a month matches on the same day of the month, or on
 * month ends (31 Jan -> 29 Feb -> 31 Mar).
 */
export function intervalUnits(
  difference: number,
  from: CalendarPoint,
  to: CalendarPoint,
): Partial<Record<CalendarFrequency, number>> {
  const units: Partial<Record<CalendarFrequency, number>> = {};
  if (difference % minuteMs === 0) units.minute = difference / minuteMs;
  if (difference % hourMs === 0) units.hour = difference / hourMs;
  if (from.timeOfDay !== to.timeOfDay) return units;
  const days = to.dayNumber - from.dayNumber;
  if (days <= 0) return units;
  units.day = days;
  if (days % 7 === 0) units.week = days / 7;
  const sameDay = from.day === to.day || (to.monthEnd && (from.monthEnd || from.day > to.day));
  const months = to.monthIndex - from.monthIndex;
  if (!sameDay || months <= 0) return units;
  units.month = months;
  if (months % 3 === 0) units.quarter = months / 3;
  if (months % 12 === 0) units.year = months / 12;
  return units;
}

/** True when every day strictly between `from` and `from + days` is a Saturday or Sunday. */
export function onlyWeekendBetween(from: CalendarPoint, days: number): boolean {
  if (days < 2 || days > 3) return false;
  for (let offset = 1; offset < days; offset++) {
    if (((from.weekday - 1 + offset) % 7) + 1 < 6) return false;
  }
  return true;
}

/** Units between consecutive timestamps for `frequency` (the plain difference for `period`). */
export function unitsBetween(
  sorted: readonly number[],
  points: readonly CalendarPoint[] | undefined,
  frequency: Frequency,
): (number | undefined)[] {
  const result: (number | undefined)[] = [];
  for (let index = 1; index < sorted.length; index++) {
    const difference = (sorted[index] as number) - (sorted[index - 1] as number);
    if (frequency === 'period' || points === undefined) {
      result.push(difference);
    } else {
      result.push(
        intervalUnits(difference, points[index - 1] as CalendarPoint, points[index] as CalendarPoint)[
          frequency
        ],
      );
    }
  }
  return result;
}

/** Gaps: intervals that are a whole multiple (two or more) of `step` units. */
export function collectGaps(
  sorted: readonly number[],
  points: readonly CalendarPoint[] | undefined,
  units: readonly (number | undefined)[],
  frequency: Frequency,
  step: number,
): FrequencyGap[] {
  const gaps: FrequencyGap[] = [];
  units.forEach((count, index) => {
    if (count === undefined || count <= step || count % step !== 0) return;
    const from = points?.[index];
    gaps.push({
      after: sorted[index] as number,
      before: sorted[index + 1] as number,
      missing: count / step - 1,
      weekend: frequency === 'day' && step === 1 && from !== undefined && onlyWeekendBetween(from, count),
    });
  });
  return gaps;
}
