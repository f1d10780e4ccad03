import { DyocenseError, normalQuantile } from '@dyocense/core';
import { isotonicRegression } from '../internal/isotonic-regression.js';
import type { PredictionInterval } from '../model/fitted-model.js';

/**
 * Forecast errors (actual minus point forecast) from rolling-origin cross-validation: one row per window, one
 * entry per horizon step (rows may be shorter than the horizon).
 */
export type StepErrors = readonly (readonly number[])[];

/**
 * Per-step error scales from cross-validation errors: the root mean square error at each step, made
 * non-decreasing in the step (isotonic regression, so uncertainty never shrinks with the horizon), and extended
 * beyond the validated steps as `scale_H * sqrt(h / H)`.
 *
 * @returns one scale per step 1..horizon, every one finite and non-negative; zeros when there are no errors.
 */
export function stepScales(errors: StepErrors, horizon: number): number[] {
  const rms: number[] = [];
  for (let step = 0; step < horizon; step++) {
    let sum = 0;
    let count = 0;
    for (const row of errors) {
      const value = row[step];
      if (value === undefined || !Number.isFinite(value)) continue;
      sum += value * value;
      count++;
    }
    if (count === 0) break;
    rms.push(Math.sqrt(sum / count));
  }
  if (rms.length === 0) return Array.from({ length: horizon }, () => 0);
  const smooth = isotonicRegression(rms);
  const validated = smooth.length;
  const last = smooth[validated - 1] as number;
  for (let step = validated; step < horizon; step++) smooth.push(last * Math.sqrt((step + 1) / validated));
  return smooth;
}

/**
 * Conformal prediction intervals around point forecasts from out-of-sample errors (split-conformal with
 * normalised scores, Lei et al. 2018): each window's errors are divided by the step scales of the other windows
 * (see {@link stepScales}; leave one window out), the pooled absolute scores give the finite-sample quantile
 * `ceil((n + 1) p) / n` for level `p`, and the interval at step h is `mean ± quantile * scale_h` with the scales
 * of all windows. With too few scores for a level (n + 1 < 1 / (1 - p)),
 * the normal quantile times the scores' root mean square is used instead.
 *
 * Used for ensembles and for models without analytic intervals. Widths never decrease with the horizon.
 *
 * @param mean - point forecasts for steps 1..horizon.
 * @param errors - cross-validation errors per window and step.
 * @param levels - coverage levels in percent, each in (0, 100).
 * @throws DyocenseError `invalid_input` for a level outside (0, 100) or a non-finite point forecast.
 * @example
 * conformalIntervals([10, 11], [[1, -2], [-1, 2], [0.5, 1]], [80]);
 */
export function conformalIntervals(
  mean: readonly number[],
  errors: StepErrors,
  levels: readonly number[],
): PredictionInterval[] {
  for (const level of levels) {
    if (!(level > 0 && level < 100)) {
      throw new DyocenseError({ code: 'invalid_input', message: `level must be in (0, 100), got ${level}` });
    }
  }
  if (mean.some((value) => !Number.isFinite(value))) {
    throw new DyocenseError({ code: 'invalid_input', message: 'point forecasts must be finite' });
  }
  const scales = stepScales(errors, mean.length);
  const scores: number[] = [];
  errors.forEach((row, index) => {
    // Each window is scored against the scales of the other windows: against scales that include its own
    // errors, a window's errors look smaller than a new window's by construction (with five windows no score
    // can exceed √5), which made the intervals too narrow wherever the error size changes between windows.
    const others =
      errors.length > 1
        ? stepScales(
            errors.filter((_, other) => other !== index),
            mean.length,
          )
        : scales;
    row.forEach((value, step) => {
      const scale = others[step];
      if (step < mean.length && scale !== undefined && scale > 0 && Number.isFinite(value)) {
        scores.push(Math.abs(value) / scale);
      }
    });
  });
  scores.sort((left, right) => left - right);
  const rootMeanSquare =
    scores.length === 0
      ? 0
      : Math.sqrt(scores.reduce((sum, score) => sum + score * score, 0) / scores.length);
  const multiplierOf = (level: number): number => {
    const probability = level / 100;
    const rank = Math.ceil((scores.length + 1) * probability);
    return rank <= scores.length
      ? (scores[rank - 1] as number)
      : normalQuantile(0.5 + probability / 2) * rootMeanSquare;
  };
  // A wider level must never get a narrower interval, even when it switches to the normal fallback.
  const multipliers = new Map<number, number>();
  let widest = 0;
  for (const level of [...levels].sort((left, right) => left - right)) {
    widest = Math.max(widest, multiplierOf(level));
    multipliers.set(level, widest);
  }
  return levels.map((level) => {
    const multiplier = multipliers.get(level) as number;
    const lower = mean.map((value, step) => value - multiplier * (scales[step] as number));
    const upper = mean.map((value, step) => value + multiplier * (scales[step] as number));
    return { level, lower, upper };
  });
}
