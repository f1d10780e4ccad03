import { DyocenseError } from '@dyocense/core';
import { assertPaired, seasonalNaiveScale } from './point-metrics.js';

function assertInterval(actual: readonly number[], lower: readonly number[], upper: readonly number[]): void {
  assertPaired(actual, lower, 'interval lower bounds');
  assertPaired(actual, upper, 'interval upper bounds');
}

/**
 * Share (0..1) of actual values inside the closed interval `[lower, upper]`.
 *
 * @throws DyocenseError `invalid_input` for empty, unequal-length or non-finite inputs.
 */
export function coverage(
  actual: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
): number {
  assertInterval(actual, lower, upper);
  let inside = 0;
  for (let index = 0; index < actual.length; index++) {
    const value = actual[index] as number;
    if (value >= (lower[index] as number) && value <= (upper[index] as number)) inside++;
  }
  return inside / actual.length;
}

/**
 * Mean scaled interval score (Gneiting & Raftery 2007, as scored in M4) of a `level`% interval:
 * `1 / h * sum [(u - l) + 2/a (l - y) 1{y < l} + 2/a (y - u) 1{y > u}]` with `a = 1 - level / 100`, divided by
 * the seasonal naive scale of the history (see `seasonalNaiveScale`). Lower is better.
 *
 * @param level - nominal coverage in percent, in (0, 100); M4 uses 95.
 * @returns `null` when the scale is undefined or zero.
 * @throws DyocenseError `invalid_input` for bad inputs or a level outside (0, 100).
 */
export function msis(
  actual: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
  history: readonly number[],
  seasonPeriod: number,
  level = 95,
): number | null {
  assertInterval(actual, lower, upper);
  if (!(level > 0 && level < 100)) {
    throw new DyocenseError({ code: 'invalid_input', message: `level must be in (0, 100), got ${level}` });
  }
  const scale = seasonalNaiveScale(history, seasonPeriod);
  if (scale === null) return null;
  const alpha = 1 - level / 100;
  let sum = 0;
  for (let index = 0; index < actual.length; index++) {
    const value = actual[index] as number;
    const low = lower[index] as number;
    const high = upper[index] as number;
    sum += high - low;
    if (value < low) sum += (2 / alpha) * (low - value);
    if (value > high) sum += (2 / alpha) * (value - high);
  }
  return sum / actual.length / scale;
}
