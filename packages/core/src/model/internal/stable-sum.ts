/**
 * Sum with Neumaier compensation (0.1 added ten times gives exactly 1). Returns `undefined` when the sum
 * leaves the finite range.
 */
export function stableSum(values: readonly number[]): number | undefined {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const next = sum + value;
    if (!Number.isFinite(next)) return undefined;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  const total = sum + compensation;
  return Number.isFinite(total) ? total : undefined;
}

/** Mean of a non-empty list of finite numbers; always finite (falls back to summing `value / n`). */
export function stableMean(values: readonly number[]): number {
  const sum = stableSum(values);
  if (sum !== undefined) return sum / values.length;
  return stableSum(values.map((value) => value / values.length)) as number;
}
