/**
 * The closest non-decreasing sequence in least squares (pool-adjacent-violators): unlike a running maximum, one
 * unusually large value does not raise every later one. Used to keep interval widths from shrinking with the
 * horizon.
 */
export function isotonicRegression(values: readonly number[]): number[] {
  const blocks: { total: number; count: number }[] = [];
  for (const value of values) {
    blocks.push({ total: value, count: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1] as { total: number; count: number };
      const previous = blocks[blocks.length - 2] as { total: number; count: number };
      if (previous.total / previous.count <= last.total / last.count) break;
      previous.total += last.total;
      previous.count += last.count;
      blocks.pop();
    }
  }
  return blocks.flatMap((block) => Array.from({ length: block.count }, () => block.total / block.count));
}
