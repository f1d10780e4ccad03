import type { ResolvedDecomposableOptions } from '../decomposable-options.js';

/** Trend shape. */
export type Growth = ResolvedDecomposableOptions['growth'];

/**
 * Columns of the trend's linear predictor `z(t) = k·t + m + Σ δⱼ·(t − sⱼ)₊` at scaled times `t`: `[t, 1, hinges…]`
 * for linear and logistic growth, `[1]` for flat growth. Prophet's piecewise-logistic trend is the logistic of
 * exactly this continuous piecewise-linear `z` (its offsets γⱼ only keep `z` continuous), so one basis serves both.
 */
export function trendBasis(
  growth: Growth,
  times: readonly number[],
  changepoints: readonly number[],
): Float64Array[] {
  if (growth === 'flat') return [Float64Array.from(times, () => 1)];
  const columns = [Float64Array.from(times), Float64Array.from(times, () => 1)];
  for (const changepoint of changepoints) {
    columns.push(Float64Array.from(times, (time) => (time > changepoint ? time - changepoint : 0)));
  }
  return columns;
}

/** The trend (scaled units, above the floor) from the linear predictor: `z` itself, or `cap / (1 + e^(−z))`. */
export function trendFromPredictor(growth: Growth, predictor: number, capScaled: number): number {
  if (growth !== 'logistic') return predictor;
  return capScaled / (1 + Math.exp(-predictor));
}
