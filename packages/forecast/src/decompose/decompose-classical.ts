import { DyocenseError } from '@dyocense/core';
import { sum } from '../internal/sum.js';
import { validateHistory, validatePeriod } from '../naive/internal/validate-history.js';

/** Additive (`y = trend + seasonal + remainder`) or multiplicative (`y = trend · seasonal · remainder`). */
export type DecompositionType = 'additive' | 'multiplicative';

/** Result of {@link decomposeClassical}, aligned with the input. */
export interface ClassicalDecomposition {
  readonly type: DecompositionType;
  readonly period: number;
  /** Centred moving average; `null` for the first and last ⌊m/2⌋ observations. */
  readonly trend: readonly (number | null)[];
  /** Seasonal component, one value per observation (the index of its position in the cycle). */
  readonly seasonal: readonly number[];
  /** Remainder; `null` where the trend is. */
  readonly remainder: readonly (number | null)[];
  /**
   * The m seasonal indices; `indices[k]` applies to observations `t` with `t % m === k` (0-based, counted
   * from the first observation). Additive indices sum to 0, multiplicative ones average 1.
   */
  readonly indices: readonly number[];
}

/**
 * Classical decomposition by moving averages, as R's `stats::decompose`: a centred moving average of order m
 * (2×m for even m) estimates the trend, the detrended series is averaged per position in the cycle, and the
 * indices are normalised (to sum 0 or to mean 1).
 *
 * @param values - equally spaced finite observations, at least two full periods.
 * @param period - seasonal period m >= 2.
 * @param type - `'multiplicative'` (default) requires non-negative values whose moving average is positive (zeros
 *   are allowed, as in R).
 * @throws DyocenseError `invalid_input` for a bad period, or negative values or a moving average that is not
 *   positive in a multiplicative decomposition; `insufficient_data` for fewer than 2m observations.
 * @example
 * const { indices } = decomposeClassical(monthlySales, 12, 'multiplicative');
 */
export function decomposeClassical(
  values: readonly number[],
  period: number,
  type: DecompositionType = 'multiplicative',
): ClassicalDecomposition {
  validatePeriod(period, 'classical decomposition');
  if (period < 2) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Classical decomposition needs a seasonal period of at least 2; got ${period}.`,
    });
  }
  const y = validateHistory(values, 'classical decomposition', 2 * period);
  if (type === 'multiplicative' && y.some((value) => value < 0)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'A multiplicative decomposition needs non-negative values; use the additive type instead.',
    });
  }
  const n = y.length;
  const weights =
    period % 2 === 0
      ? [0.5, ...new Array<number>(period - 1).fill(1), 0.5].map((weight) => weight / period)
      : new Array<number>(period).fill(1 / period);
  const half = Math.floor(weights.length / 2);
  const trend: (number | null)[] = y.map((_, index) => {
    if (index < half || index + half >= n) return null;
    let smoothed = 0;
    for (let offset = -half; offset <= half; offset += 1) {
      smoothed += (weights[offset + half] as number) * (y[index + offset] as number);
    }
    return smoothed;
  });
  if (type === 'multiplicative' && trend.some((level) => level !== null && !(level > 0))) {
    throw new DyocenseError({
      code: 'invalid_input',
      message:
        'A multiplicative decomposition needs a positive moving average; use the additive type instead.',
    });
  }
  const detrended = y.map((value, index) => {
    const level = trend[index];
    if (level === null || level === undefined) return null;
    return type === 'additive' ? value - level : value / level;
  });
  const raw: number[] = [];
  for (let position = 0; position < period; position += 1) {
    let total = 0;
    let count = 0;
    for (let index = position; index < n; index += period) {
      const value = detrended[index];
      if (value !== null && value !== undefined) {
        total += value;
        count += 1;
      }
    }
    raw.push(total / count);
  }
  const average = sum(raw) / period;
  const indices = raw.map((value) => (type === 'additive' ? value - average : value / average));
  const seasonal = y.map((_, index) => indices[index % period] as number);
  const remainder = y.map((value, index) => {
    const level = trend[index];
    if (level === null || level === undefined) return null;
    const season = seasonal[index] as number;
    return type === 'additive' ? value - season - level : value / season / level;
  });
  return { type, period, trend, seasonal, remainder, indices };
}
