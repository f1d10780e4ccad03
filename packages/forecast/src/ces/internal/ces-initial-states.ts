import { arithmeticMean } from '../../internal/arithmetic-mean.js';
import type { CesBlock, CesSeasonality } from './ces-structure.js';
import { runCes } from './run-ces.js';

/**
 * Rough starting states from the first observations of `values`, as statsforecast's CES starts them: the level
 * is the mean of the first ten observations (none) or of the first season (partial, full), with the imaginary
 * part level / 1.1; simple seasonality starts each seasonal level at the first season's value; seasonal
 * components start at the first season's deviations from its mean.
 */
export function heuristicCesStates(
  values: ArrayLike<number>,
  seasonality: CesSeasonality,
  period: number,
): number[][] {
  const head = (count: number) =>
    Array.from({ length: Math.min(count, values.length) }, (_, i) => values[i] as number);
  if (seasonality === 'none') {
    const level = arithmeticMean(head(10));
    return [[level], [level / 1.1]];
  }
  const season = head(period);
  if (seasonality === 'simple') return [season, season.map((value) => value / 1.1)];
  const level = arithmeticMean(season);
  const deviations = season.map((value) => value - level);
  const complex = [[level], [level / 1.1]];
  return seasonality === 'partial'
    ? [...complex, deviations]
    : [...complex, deviations, deviations.map((value) => value / 1.1)];
}

/**
 * Initial states by backcasting, in the spirit of `smooth::ces(initial = "backcasting")`: the model runs over
 * the reversed series from heuristic states, and the states it ends with (which, for a stable model, hardly
 * depend on that start) become the states before the first observation. No initial state is estimated as a
 * parameter, so the fit stays a small optimisation over the smoothing parameters only.
 *
 * Needs `reversed.length` >= every block's lag.
 *
 * @param reversed - the series, last observation first (a fit reverses it once, not per evaluation).
 * @param start - the backward pass's starting states, {@link heuristicCesStates} of `reversed` (they do not
 *   depend on the parameters, so a fit computes them once).
 */
export function backcastCesStates(
  reversed: ArrayLike<number>,
  blocks: readonly CesBlock[],
  start: readonly (readonly number[])[],
): number[][] {
  const n = reversed.length;
  const run = runCes(blocks, start, n, reversed);
  const lags = blocks.flatMap((block) => (block.kind === 'complex' ? [block.lag, block.lag] : [block.lag]));
  // The backward state at forward time j (backward step n − 1 − j) is the forward state of phase j before
  // the series starts.
  return run.states.map((history, component) => {
    const lag = lags[component] as number;
    return Array.from({ length: lag }, (_, j) => history[lag + n - 1 - j] as number);
  });
}
