import { partialSort } from './partial-sort.js';

/**
 * STL's robustness weights (`stlrwt`): Tukey's bisquare `B(|y - fit| / h)` with `h = 6 · median|y - fit|`,
 * the median taken as the mean of positions `⌊n/2⌋ + 1` and `n - ⌊n/2⌋` after the Fortran's partial sort
 * (see {@link partialSort}: for even `n` the second is not always the order statistic, and R's weights follow
 * the Fortran). Residuals within 0.1% of `h` get weight 1, beyond 99.9% weight 0.
 * Residuals must be finite: the partial sort does not terminate on NaN.
 */
export function robustnessWeights(
  y: Float64Array,
  n: number,
  fit: Float64Array,
  weights: Float64Array,
): void {
  const absolute = new Float64Array(n);
  for (let i = 0; i < n; i += 1) absolute[i] = Math.abs((y[i] as number) - (fit[i] as number));
  const sorted = absolute.slice();
  const middle = Math.trunc(n / 2) + 1;
  const other = n - middle + 1;
  partialSort(sorted, n, [middle, other]);
  const scale = 3 * ((sorted[middle - 1] as number) + (sorted[other - 1] as number));
  const upper = 0.999 * scale;
  const lower = 0.001 * scale;
  for (let i = 0; i < n; i += 1) {
    const residual = absolute[i] as number;
    if (residual <= lower) {
      weights[i] = 1;
    } else if (residual <= upper) {
      const ratio = residual / scale;
      const complement = 1 - ratio * ratio;
      weights[i] = complement * complement;
    } else {
      weights[i] = 0;
    }
  }
}
