/**
 * One local (degree 0 or 1) loess fit with tricube weights at abscissa `xs`, using the points `left..right`
 * (1-based positions, as in the STL Fortran `stlest` of Cleveland et al. 1990, which R's `stats::stl` runs).
 *
 * The bandwidth is the larger distance from `xs` to the window's ends, widened by `(span - n) / 2` (integer
 * division) when the span exceeds the series. Weights within 0.1% of the bandwidth are 1, beyond 99.9% are 0.
 * A degree-1 fit falls back to the weighted mean when the weighted spread of the abscissae is at most
 * 0.1% of `n - 1`.
 *
 * @param y - series, `y[j - 1]` is position `j`.
 * @param weights - scratch of length ≥ `right`; holds the final regression weights on return.
 * @param robustnessWeights - multiplied into the tricube weights when given.
 * @returns the fitted value, or `undefined` when every weight is zero.
 */
export function loessEstimate(
  y: Float64Array,
  n: number,
  span: number,
  degree: number,
  xs: number,
  left: number,
  right: number,
  weights: Float64Array,
  robustnessWeights: Float64Array | undefined,
): number | undefined {
  const range = n - 1;
  let bandwidth = Math.max(xs - left, right - xs);
  if (span > n) bandwidth += Math.trunc((span - n) / 2);
  const upper = 0.999 * bandwidth;
  const lower = 0.001 * bandwidth;
  let total = 0;
  for (let j = left; j <= right; j += 1) {
    const distance = Math.abs(j - xs);
    let weight = 0;
    if (distance <= upper) {
      if (distance <= lower) {
        weight = 1;
      } else {
        const ratio = distance / bandwidth;
        const complement = 1 - ratio * ratio * ratio;
        weight = complement * complement * complement;
      }
      if (robustnessWeights !== undefined) weight *= robustnessWeights[j - 1] as number;
      total += weight;
    }
    weights[j - 1] = weight;
  }
  if (total <= 0) return undefined;
  for (let j = left; j <= right; j += 1) weights[j - 1] = (weights[j - 1] as number) / total;
  if (bandwidth > 0 && degree > 0) {
    let center = 0;
    for (let j = left; j <= right; j += 1) center += (weights[j - 1] as number) * j;
    let slope = xs - center;
    let spread = 0;
    for (let j = left; j <= right; j += 1) spread += (weights[j - 1] as number) * (j - center) * (j - center);
    if (Math.sqrt(spread) > 0.001 * range) {
      slope /= spread;
      for (let j = left; j <= right; j += 1) {
        weights[j - 1] = (weights[j - 1] as number) * (slope * (j - center) + 1);
      }
    }
  }
  let fit = 0;
  for (let j = left; j <= right; j += 1) fit += (weights[j - 1] as number) * (y[j - 1] as number);
  return fit;
}
