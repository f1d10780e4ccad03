/**
 * Minimises a function of one variable on [lower, upper]: a grid scan of `gridSize` points locates the basin
 * (objectives such as the SES sum of squares can have several), then golden-section search refines it to
 * `tolerance` in the argument.
 */
export function minimizeScalar(
  objective: (x: number) => number,
  lower: number,
  upper: number,
  options: { readonly gridSize?: number; readonly tolerance?: number } = {},
): { readonly x: number; readonly value: number } {
  const gridSize = options.gridSize ?? 60;
  const tolerance = options.tolerance ?? 1e-12;
  const safe = (x: number) => {
    const value = objective(x);
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };
  let bestIndex = 0;
  let bestValue = Number.POSITIVE_INFINITY;
  const grid = Array.from(
    { length: gridSize + 1 },
    (_, index) => lower + ((upper - lower) * index) / gridSize,
  );
  grid.forEach((x, index) => {
    const value = safe(x);
    if (value < bestValue) {
      bestValue = value;
      bestIndex = index;
    }
  });
  let a = grid[Math.max(0, bestIndex - 1)] as number;
  let b = grid[Math.min(gridSize, bestIndex + 1)] as number;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = safe(c);
  let fd = safe(d);
  while (b - a > tolerance * Math.max(1, Math.abs(a) + Math.abs(b))) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = safe(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = safe(d);
    }
  }
  const candidates = [
    { x: grid[bestIndex] as number, value: bestValue },
    { x: c, value: fc },
    { x: d, value: fd },
  ];
  return candidates.reduce((best, candidate) => (candidate.value < best.value ? candidate : best));
}
