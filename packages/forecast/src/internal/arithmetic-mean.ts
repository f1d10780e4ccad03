/**
 * Arithmetic mean as Σ (value / n), left to right: dividing each term first keeps the running total finite
 * for values near the double-precision limit (±1.8e308), where Σ value / n would overflow to Infinity.
 *
 * @returns 0 for an empty array (there are no terms to add).
 */
export function arithmeticMean(values: readonly number[]): number {
  const n = values.length;
  let total = 0;
  for (const value of values) total += value / n;
  return total;
}
