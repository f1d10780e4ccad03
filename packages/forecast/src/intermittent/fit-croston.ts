import type { IntermittentModel } from './intermittent-model.js';
import { type IntermittentCost, intermittentCost } from './internal/intermittent-cost.js';
import { optimizeWeights } from './internal/optimize-weights.js';
import { toIntermittentModel } from './internal/to-intermittent-model.js';
import { validateDemand, validateWeight } from './internal/validate-demand.js';

/** Options of {@link fitCroston}. */
export interface CrostonOptions {
  /** `classic` (default): Croston (1972); `sba`: the Syntetos–Boylan approximation, times (1 - α_interval/2). */
  readonly variant?: 'classic' | 'sba';
  /** Smoothing weight of the demand sizes, in [0, 1]; default 0.1 as R's `croston`. */
  readonly alpha?: number;
  /** Smoothing weight of the inter-demand intervals; defaults to `alpha` (R uses one weight for both). */
  readonly intervalAlpha?: number;
  /** Estimate both weights in [0, 1] by minimising this in-sample cost instead of using the fixed ones. */
  readonly optimize?: IntermittentCost;
}

interface CrostonRun {
  readonly fitted: (number | null)[];
  readonly forecast: number;
  readonly size: number;
  readonly interval: number;
}

function runCroston(
  values: readonly number[],
  alpha: number,
  intervalAlpha: number,
  factor: number,
): CrostonRun {
  const fitted: (number | null)[] = [null];
  let size = 0;
  let interval = 0;
  let demands = 0;
  let sinceLast = 0;
  const current = () => (demands === 0 ? 0 : (factor * size) / interval);
  values.forEach((value, index) => {
    sinceLast += 1;
    if (value > 0) {
      if (demands === 0) {
        size = value;
        interval = sinceLast;
      } else {
        size += alpha * (value - size);
        interval += intervalAlpha * (sinceLast - interval);
      }
      demands += 1;
      sinceLast = 0;
    }
    if (index < values.length - 1) fitted.push(current());
  });
  return { fitted, forecast: current(), size, interval };
}

/**
 * Croston's method for intermittent demand, and its Syntetos–Boylan (SBA) bias correction.
 *
 * Demand sizes and the intervals between demands are smoothed separately by SES started at their first values
 * (R's `croston`: `ses(initial = "simple")`), and the forecast is size / interval (times 1 - α/2 for SBA).
 * In-sample fits are the forecasts from each prefix of the history, as R computes them; `fitted[0]` is `null`.
 *
 * Intervals: Croston has no likelihood, so they are conformal-style empirical quantiles of the in-sample k-step
 * errors (see the package notes), never below zero. An all-zero history forecasts 0 with zero-width intervals
 * and a `fallbackReason` (R's `croston` has returned no fits or failed there, forecast#26).
 *
 * @param values - non-negative finite demand per period, at least 2.
 * @returns an {@link IntermittentModel} named `Croston` or `SBA` with parameters `alpha`, `intervalAlpha`,
 *   `demandSize` and `demandInterval` (the final smoothed values).
 * @throws DyocenseError `invalid_input` for negative or non-finite values or weights outside [0, 1],
 *   `insufficient_data` for fewer than 2 observations.
 * @example
 * fitCroston([0, 0, 3, 0, 0, 0, 2, 0, 4], { variant: 'sba' }).forecast(6, [80, 95])
 */
export function fitCroston(values: readonly number[], options: CrostonOptions = {}): IntermittentModel {
  const variant = options.variant ?? 'classic';
  const method = variant === 'sba' ? 'SBA' : 'Croston';
  const history = validateDemand(values, method);
  let alpha = validateWeight(options.alpha ?? 0.1, 'alpha');
  let intervalAlpha = validateWeight(options.intervalAlpha ?? alpha, 'intervalAlpha');
  const allZero = history.every((value) => value === 0);
  const factorFor = (weight: number) => (variant === 'sba' ? 1 - weight / 2 : 1);
  if (options.optimize !== undefined && !allZero) {
    const cost = options.optimize;
    [alpha, intervalAlpha] = optimizeWeights((first, second) =>
      intermittentCost(history, runCroston(history, first, second, factorFor(second)).fitted, cost),
    );
  }
  const run = runCroston(history, alpha, intervalAlpha, factorFor(intervalAlpha));
  return toIntermittentModel(
    method,
    history,
    { alpha, intervalAlpha, demandSize: run.size, demandInterval: run.interval },
    run,
  );
}
