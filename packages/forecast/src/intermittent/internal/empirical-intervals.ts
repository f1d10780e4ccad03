import { DyocenseError } from '@dyocense/core';
import type { PredictionInterval } from '../../model/fitted-model.js';

/**
 * Conformal-style intervals for a flat point forecast from in-sample k-step errors.
 *
 * For each step k, the scores are y_{t+k} - f_t over every in-sample origin t (f_t the forecast made at t); the
 * bounds at level L are the order statistics ⌊(n_k+1)·a⌋ and ⌈(n_k+1)·(1-a)⌉ of the n_k scores, a = (1-L/100)/2,
 * clamped to the sample (the split-conformal rank). Steps with fewer than 5 scores reuse the scores of the
 * largest step that has 5. Bounds are clamped to keep the point forecast inside and demand non-negative.
 *
 * @throws DyocenseError `insufficient_data` when there is not a single in-sample error.
 */
export function empiricalIntervals(
  values: readonly number[],
  origins: readonly (number | null)[],
  mean: readonly number[],
  levels: readonly number[],
  method: string,
): PredictionInterval[] {
  if (levels.length === 0) return [];
  const n = values.length;
  const scoresByStep: number[][] = [];
  for (let step = 1; step <= mean.length; step += 1) {
    const scores: number[] = [];
    for (let origin = 0; origin + step < n; origin += 1) {
      const forecast = origins[origin];
      if (forecast === null || forecast === undefined) continue;
      scores.push((values[origin + step] as number) - forecast);
    }
    scoresByStep.push(scores.sort((a, b) => a - b));
  }
  const minimum = 5;
  let fallback = scoresByStep[0] ?? [];
  for (const scores of scoresByStep) if (scores.length >= minimum) fallback = scores;
  if (fallback.length === 0) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `The ${method} intervals need at least one observation after the first demand; request no levels to get point forecasts only.`,
    });
  }
  return levels.map((level) => {
    const a = (1 - level / 100) / 2;
    const lower: number[] = [];
    const upper: number[] = [];
    mean.forEach((point, step) => {
      const own = scoresByStep[step] ?? [];
      const scores = own.length >= minimum ? own : fallback;
      const count = scores.length;
      const lowRank = Math.min(count, Math.max(1, Math.floor((count + 1) * a)));
      const highRank = Math.min(count, Math.max(1, Math.ceil((count + 1) * (1 - a))));
      lower.push(Math.max(0, Math.min(point, point + (scores[lowRank - 1] as number))));
      upper.push(Math.max(point, point + (scores[highRank - 1] as number)));
    });
    return { level, lower, upper };
  });
}
