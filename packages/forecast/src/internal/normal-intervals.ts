import { normalQuantile } from '@dyocense/core';
import type { PredictionInterval } from '../model/fitted-model.js';

/**
 * Symmetric Gaussian intervals `mean ± z · standardError` at each level (percent), as R's forecast functions
 * compute them with `qnorm(0.5 + level / 200)`.
 *
 * @param standardErrors - one per step of `mean`; a missing one counts as 0.
 * @param levels - percentages in (0, 100), validated by the caller.
 */
export function normalIntervals(
  mean: readonly number[],
  standardErrors: readonly number[],
  levels: readonly number[],
): PredictionInterval[] {
  return levels.map((level) => {
    const z = normalQuantile(0.5 + level / 200);
    return {
      level,
      lower: mean.map((value, step) => value - z * (standardErrors[step] ?? 0)),
      upper: mean.map((value, step) => value + z * (standardErrors[step] ?? 0)),
    };
  });
}
