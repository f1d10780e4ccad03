import { isotonicRegression } from '../../internal/isotonic-regression.js';
import { conformalIntervals, type StepErrors } from '../../intervals/conformal-intervals.js';

/**
 * Half-widths of conformal prediction intervals per horizon step from rolling-origin forecast errors.
 *
 * At step h the absolute errors of every origin that reached step h are the conformity scores; for level p the
 * half-width is the ⌈(n_h + 1) p⌉-th smallest of the n_h scores (split conformal with its finite-sample
 * correction, so coverage is at least p when errors are exchangeable). Where a step has too few scores for a
 * level (n_h + 1 < 1 / (1 - p)) or none (beyond the validated horizon), the pooled, scale-normalised conformal
 * interval of {@link conformalIntervals} is used instead. Widths are then made non-decreasing in the step
 * (isotonic regression) and across levels, so intervals never narrow with the horizon and wider levels nest the narrower ones.
 *
 * @param levels - coverage levels in percent, each in (0, 100).
 * @returns per level (in the order given) one non-negative half-width per step 1..horizon.
 */
export function conformalStepWidths(
  errors: StepErrors,
  horizon: number,
  levels: readonly number[],
): number[][] {
  const fallback = conformalIntervals(
    Array.from({ length: horizon }, () => 0),
    errors,
    levels,
  ).map((interval) => interval.upper);
  const scores: number[][] = Array.from({ length: horizon }, (_, step) => {
    const values: number[] = [];
    for (const row of errors) {
      const value = row[step];
      if (value !== undefined && Number.isFinite(value)) values.push(Math.abs(value));
    }
    return values.sort((left, right) => left - right);
  });
  const raw = levels.map((level, levelIndex) => {
    const probability = level / 100;
    const widths = scores.map((stepScores, step) => {
      const rank = Math.ceil((stepScores.length + 1) * probability);
      return stepScores.length > 0 && rank <= stepScores.length
        ? (stepScores[rank - 1] as number)
        : ((fallback[levelIndex] as readonly number[])[step] as number);
    });
    return isotonicRegression(widths);
  });
  const order = levels
    .map((_, index) => index)
    .sort((left, right) => (levels[left] as number) - (levels[right] as number));
  for (let position = 1; position < order.length; position++) {
    const narrower = raw[order[position - 1] as number] as number[];
    const wider = raw[order[position] as number] as number[];
    for (let step = 0; step < horizon; step++)
      wider[step] = Math.max(wider[step] as number, narrower[step] as number);
  }
  return raw;
}
