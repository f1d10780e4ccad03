import type { IntermittentModel } from './intermittent-model.js';
import { type IntermittentCost, intermittentCost } from './internal/intermittent-cost.js';
import { optimizeWeights } from './internal/optimize-weights.js';
import { toIntermittentModel } from './internal/to-intermittent-model.js';
import { validateDemand, validateWeight } from './internal/validate-demand.js';

/** Options of {@link fitTsb}. */
export interface TsbOptions {
  /** Smoothing weight of the demand size (updated on demand periods only), in [0, 1]; default 0.1. */
  readonly alpha?: number;
  /** Smoothing weight of the demand probability (updated every period), in [0, 1]; default 0.1. */
  readonly probabilityAlpha?: number;
  /** Estimate both weights in [0, 1] by minimising this in-sample cost instead of using the fixed ones. */
  readonly optimize?: IntermittentCost;
}

interface TsbRun {
  readonly fitted: (number | null)[];
  readonly forecast: number;
  readonly size: number;
  readonly probability: number;
}

function runTsb(values: readonly number[], alpha: number, probabilityAlpha: number): TsbRun {
  const fitted: (number | null)[] = [null];
  let size = 0;
  let seen = false;
  let probability = (values[0] as number) > 0 ? 1 : 0;
  values.forEach((value, index) => {
    if (index > 0) probability += probabilityAlpha * ((value > 0 ? 1 : 0) - probability);
    if (value > 0) {
      size = seen ? size + alpha * (value - size) : value;
      seen = true;
    }
    if (index < values.length - 1) fitted.push(probability * size);
  });
  return { fitted, forecast: probability * size, size, probability };
}

/**
 * The Teunter–Syntetos–Babai (2011) method: the demand size is smoothed on demand periods and the probability
 * of a demand is smoothed every period (so the forecast decays through long runs of zeros, unlike Croston's).
 * Forecast = probability × size. Initial values as statsforecast's `TSB`: the first non-zero demand and the
 * demand indicator of the first period.
 *
 * Intervals: conformal-style empirical quantiles of the in-sample k-step errors, never below zero (as
 * {@link fitCroston}). An all-zero history forecasts 0 with a `fallbackReason`.
 *
 * @param values - non-negative finite demand per period, at least 2.
 * @returns an {@link IntermittentModel} named `TSB` with parameters `alpha`, `probabilityAlpha`, `demandSize`
 *   and `demandProbability`.
 * @throws DyocenseError `invalid_input` for negative or non-finite values or weights outside [0, 1],
 *   `insufficient_data` for fewer than 2 observations.
 * @example
 * fitTsb([0, 0, 3, 0, 0, 0, 2, 0, 4], { alpha: 0.2, probabilityAlpha: 0.1 }).forecast(6, [95])
 */
export function fitTsb(values: readonly number[], options: TsbOptions = {}): IntermittentModel {
  const method = 'TSB';
  const history = validateDemand(values, method);
  let alpha = validateWeight(options.alpha ?? 0.1, 'alpha');
  let probabilityAlpha = validateWeight(options.probabilityAlpha ?? 0.1, 'probabilityAlpha');
  const allZero = history.every((value) => value === 0);
  if (options.optimize !== undefined && !allZero) {
    const cost = options.optimize;
    [alpha, probabilityAlpha] = optimizeWeights((first, second) =>
      intermittentCost(history, runTsb(history, first, second).fitted, cost),
    );
  }
  const run = runTsb(history, alpha, probabilityAlpha);
  return toIntermittentModel(
    method,
    history,
    { alpha, probabilityAlpha, demandSize: run.size, demandProbability: run.probability },
    run,
  );
}
