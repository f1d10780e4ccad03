/**
 * Sum of `values`, added left to right from 0 (so callers that summed in a loop get the identical result).
 *
 * @returns 0 for an empty array.
 */
export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
