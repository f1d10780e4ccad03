import { minimizeScalar } from './minimize-scalar.js';

/** A fitted simple exponential smoothing (ETS(A,N,N)) model. */
export interface SimpleExponentialSmoothingFit {
  readonly alpha: number;
  readonly initialLevel: number;
  /** One-step fits ℓ_{t-1}, aligned with the history. */
  readonly fitted: readonly number[];
  /** ℓ_n, the flat forecast. */
  readonly finalLevel: number;
  readonly sumOfSquares: number;
}

/** R `ets`'s usual bounds for the SES smoothing weight alpha. */
export const smoothingWeightBounds = { lower: 1e-4, upper: 0.9999 } as const;

/** The SES recursion from ℓ0; the one-step fits go into `fitted` when given (the search needs only the sum). */
function filter(
  values: readonly number[],
  alpha: number,
  initialLevel: number,
  fitted?: number[],
): { finalLevel: number; sumOfSquares: number } {
  let level = initialLevel;
  let sumOfSquares = 0;
  for (const value of values) {
    fitted?.push(level);
    const error = value - level;
    sumOfSquares += error * error;
    level += alpha * error;
  }
  return { finalLevel: level, sumOfSquares };
}

function run(values: readonly number[], alpha: number, initialLevel: number): SimpleExponentialSmoothingFit {
  const fitted: number[] = [];
  const { finalLevel, sumOfSquares } = filter(values, alpha, initialLevel, fitted);
  return { alpha, initialLevel, fitted, finalLevel, sumOfSquares };
}

/**
 * The least-squares initial level for a given alpha: fits are linear in ℓ0 (ℓ_{t-1} = c_t + (1-α)^{t-1}·ℓ0),
 * so the sum of squares is a parabola in ℓ0 and its minimum is closed-form.
 */
function bestInitialLevel(values: readonly number[], alpha: number): number {
  let level = 0;
  let weight = 1;
  let numerator = 0;
  let denominator = 0;
  for (const value of values) {
    numerator += weight * (value - level);
    denominator += weight * weight;
    level += alpha * (value - level);
    weight *= 1 - alpha;
  }
  return numerator / denominator;
}

/**
 * Fits simple exponential smoothing by least squares, as R's `ses` (`ets(y, "ANN", opt.crit = "mse")`) does,
 * with alpha in R's bounds [1e-4, 0.9999]. ℓ0 is profiled out exactly and alpha found by grid + golden-section
 * search, so the minimum is at least as low as R's Nelder–Mead one. Fixed `alpha` and/or `initialLevel` are
 * used as given (not checked against the bounds).
 *
 * @param values - finite observations, at least one.
 */
export function fitSimpleExponentialSmoothing(
  values: readonly number[],
  fixed: { readonly alpha?: number; readonly initialLevel?: number } = {},
): SimpleExponentialSmoothingFit {
  const levelFor = (alpha: number) => fixed.initialLevel ?? bestInitialLevel(values, alpha);
  if (fixed.alpha !== undefined) return run(values, fixed.alpha, levelFor(fixed.alpha));
  const { x: alpha } = minimizeScalar(
    (candidate) => filter(values, candidate, levelFor(candidate)).sumOfSquares,
    smoothingWeightBounds.lower,
    smoothingWeightBounds.upper,
  );
  return run(values, alpha, levelFor(alpha));
}
