import { type Frequency, frequencySchema, parseInput } from '@dyocense/core';
import { z } from 'zod';

const optionsSchema = z.object({
  step: z.number().int().positive().default(1),
  length: z.number().int().nonnegative().optional(),
});

/**
 * Options of {@link seasonPeriods}: `step` (units of the frequency per observation, default 1) and `length`
 * (number of observations; secondary and long periods are only returned when at least two full cycles fit).
 */
export type SeasonPeriodsOptions = z.input<typeof optionsSchema>;

const weeksPerYear = 52.18;

/** Cycles per frequency unit: the primary period first, then longer ones. */
const cycles: Record<Frequency, readonly number[]> = {
  minute: [60, 1440],
  hour: [24, 168],
  day: [7, 365.25],
  week: [weeksPerYear],
  month: [12],
  quarter: [4],
  year: [],
  period: [],
};

/**
 * Seasonal periods (observations per cycle) for a frequency, the primary one first: hour 24 (and 168 when the
 * history covers two weeks), day 7 (and 365.25 with two years), week 52 only for long histories (three years or
 * more, otherwise none: weekly seasonality is 52.18 weeks and rarely estimable), month 12, quarter 4, minute 60
 * (and 1440). Year and integer periods have none. With `step` > 1 a period is divided by the step when that
 * gives a whole number of observations (every 2 hours: 12 and 84). Returns `[1]` when no period applies.
 *
 * Periods are whole numbers except 365.25 (daily data, for Fourier-based or multi-seasonal methods).
 *
 * @throws DyocenseError `invalid_input` for an unknown frequency or a bad option.
 * @example
 * seasonPeriods('hour', { length: 24 * 30 }); // [24, 168]
 */
export function seasonPeriods(frequency: Frequency, options: SeasonPeriodsOptions = {}): number[] {
  const parsedFrequency = parseInput(frequencySchema, frequency, 'frequency');
  const { step, length } = parseInput(optionsSchema, options, 'season period options');
  const periods: number[] = [];
  for (const [index, cycle] of cycles[parsedFrequency].entries()) {
    const perObservation = cycle / step;
    const isWeekly = parsedFrequency === 'week';
    const period = isWeekly ? Math.round(perObservation) : perObservation;
    const whole = Number.isInteger(period) || period === 365.25;
    if (!whole || period < 2) continue;
    const cyclesNeeded = isWeekly ? 3 : index === 0 ? 0 : 2;
    if (cyclesNeeded > 0 && (length === undefined || length < cyclesNeeded * period)) continue;
    periods.push(period);
  }
  return periods.length === 0 ? [1] : periods;
}
