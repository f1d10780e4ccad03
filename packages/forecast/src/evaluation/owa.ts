import { DyocenseError } from '@dyocense/core';

/**
 * Overall weighted average (M4): the mean of sMAPE and MASE relative to the Naive2 benchmark,
 * `(smape / naive2Smape + mase / naive2Mase) / 2`. Below 1 beats Naive2. For a set of series, pass the
 * averages over the set (as M4 does), not per-series OWAs.
 *
 * @returns `null` when a benchmark score is zero (the ratio is undefined).
 * @throws DyocenseError `invalid_input` for negative or non-finite scores.
 */
export function owa(smape: number, mase: number, naive2Smape: number, naive2Mase: number): number | null {
  for (const value of [smape, mase, naive2Smape, naive2Mase]) {
    if (!Number.isFinite(value) || value < 0) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `owa: scores must be finite and non-negative, got ${value}`,
      });
    }
  }
  if (naive2Smape === 0 || naive2Mase === 0) return null;
  return (smape / naive2Smape + mase / naive2Mase) / 2;
}
