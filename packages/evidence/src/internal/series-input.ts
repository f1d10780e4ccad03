import { DyocenseError } from '@dyocense/core';
import { z } from 'zod';

const value = z.number().refine(Number.isFinite, 'must be a finite number (no NaN or Infinity)');

/** Wide time-series input: one equally spaced series per metric, all over the same dates. */
export const wideSeriesSchema = z.record(z.string().min(1), z.array(value)).superRefine((series, context) => {
  const entries = Object.entries(series);
  if (entries.length === 0)
    context.addIssue({ code: 'custom', path: [], message: 'needs at least one series' });
  const [firstName, firstValues] = entries[0] ?? ['', []];
  for (const [name, values] of entries.slice(1)) {
    if (values.length !== firstValues.length) {
      context.addIssue({
        code: 'custom',
        path: [name],
        message: `has ${values.length} points but ${firstName} has ${firstValues.length}: series must be aligned on the same dates`,
      });
    }
  }
});

/** Optional dates of the rows: strictly increasing ISO dates, one per point. */
export const datesSchema = z.array(z.iso.date().or(z.iso.datetime({ offset: true, local: true })));

/** Series names and values as typed arrays, in input order. */
export function toSeriesMatrix(series: Readonly<Record<string, readonly number[]>>): {
  names: string[];
  values: Float64Array[];
} {
  const names = Object.keys(series);
  return { names, values: names.map((name) => Float64Array.from(series[name] as readonly number[])) };
}

/**
 * Checks that `dates` line up with the series and strictly increase.
 *
 * @throws DyocenseError `invalid_input` naming the first misaligned or out-of-order date.
 */
export function assertAlignedDates(dates: readonly string[], length: number): void {
  if (dates.length !== length) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Misaligned dates: ${dates.length} dates for ${length} points per series`,
      issues: [{ path: ['dates'], code: 'misaligned_dates', message: 'one date per point is required' }],
    });
  }
  for (let index = 1; index < dates.length; index++) {
    if (!(Date.parse(dates[index] as string) > Date.parse(dates[index - 1] as string))) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Misaligned dates: ${dates[index]} (row ${index}) does not come after ${dates[index - 1]}; sort the rows and remove duplicates`,
        issues: [
          { path: ['dates', index], code: 'misaligned_dates', message: 'dates must strictly increase' },
        ],
      });
    }
  }
}

/** True when every value equals the first (the series carries no information for a regression). */
export function isConstant(values: ArrayLike<number>): boolean {
  const first = values[0];
  for (let index = 1; index < values.length; index++) if (values[index] !== first) return false;
  return true;
}

/**
 * @throws DyocenseError `invalid_input` naming the constant series and, when it only became constant after
 * differencing, saying so.
 */
export function assertNoConstantSeries(
  names: readonly string[],
  values: readonly Float64Array[],
  differenced: ReadonlySet<string>,
): void {
  names.forEach((name, index) => {
    if (isConstant(values[index] as Float64Array)) {
      const after = differenced.has(name) ? ' after differencing (it is a straight line)' : '';
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Series ${name} is constant${after}: it cannot help predict or be predicted`,
        issues: [{ path: ['series', name], code: 'constant_series', message: 'constant series' }],
      });
    }
  });
}

/** First differences x_t − x_{t−1}. */
export function firstDifference(values: Float64Array): Float64Array {
  const result = new Float64Array(Math.max(0, values.length - 1));
  for (let index = 1; index < values.length; index++)
    result[index - 1] = (values[index] as number) - (values[index - 1] as number);
  return result;
}
