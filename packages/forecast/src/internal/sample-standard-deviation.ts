/**
 * Sample standard deviation sqrt(Σ (value - mean)² / (n - 1)), as R's `sd`, about a mean the caller supplies
 * (so it can be computed the way the method defines it: `arithmeticMean`, a regression constant, ...).
 * Callers pass at least 2 values; fewer give what the formula gives (NaN, Infinity or 0).
 */
export function sampleStandardDeviation(values: readonly number[], mean: number): number {
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}
