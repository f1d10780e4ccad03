import { sum } from '../internal/sum.js';

/**
 * Sample autocorrelations r_1..r_maxLag as R's `acf` computes them: lag-k cross-products of deviations from
 * the mean divided by the total sum of squares (both over n, so the ratio has no small-sample correction).
 * A constant series has no defined autocorrelation; its entries are 0.
 *
 * @param values - equally spaced finite observations.
 * @param maxLag - largest lag, a non-negative integer; lags at or beyond the length give 0.
 * @returns an array of length `maxLag` whose entry `k - 1` is r_k.
 */
export function autocorrelation(values: readonly number[], maxLag: number): number[] {
  const n = values.length;
  const mean = n === 0 ? 0 : sum(values) / n;
  const deviations = values.map((value) => value - mean);
  let denominator = 0;
  for (const deviation of deviations) denominator += deviation * deviation;
  const result: number[] = [];
  for (let lag = 1; lag <= maxLag; lag += 1) {
    if (denominator === 0 || !Number.isFinite(denominator) || lag >= n) {
      result.push(0);
      continue;
    }
    let numerator = 0;
    for (let index = lag; index < n; index += 1) {
      numerator += (deviations[index] as number) * (deviations[index - lag] as number);
    }
    result.push(numerator / denominator);
  }
  return result;
}
