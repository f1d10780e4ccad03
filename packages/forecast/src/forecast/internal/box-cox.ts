import { minimizeScalar } from '../../internal/minimize-scalar.js';

/** Box-Cox transform (Box & Cox 1964) of a positive value; `lambda` 0 is the natural log. */
export function boxCox(value: number, lambda: number): number {
  return lambda === 0 ? Math.log(value) : (value ** lambda - 1) / lambda;
}

/**
 * Inverse Box-Cox transform with optional bias adjustment (Hyndman & Athanasopoulos, FPP3 section 5.6):
 * with the forecast variance `variance` on the transformed scale, the back-transformed mean is
 * `inverse(w) * (1 + variance * (1 - lambda) / (2 * (lambda * w + 1)^2))` (for lambda 0: `e^w (1 + variance / 2)`).
 * Without `variance` the median is returned. Values outside the transform's range are clipped to its edge.
 */
export function inverseBoxCox(value: number, lambda: number, variance = 0): number {
  if (lambda === 0) return Math.exp(Math.min(value, 700)) * (1 + variance / 2);
  const base = Math.max(lambda * value + 1, 1e-12);
  const median = base ** (1 / lambda);
  const adjusted = median * (1 + (variance * (1 - lambda)) / (2 * base * base));
  return Number.isFinite(adjusted) ? adjusted : Number.MAX_VALUE;
}

function coefficientOfVariation(values: readonly number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance) / mean;
}

/**
 * Guerrero's (1993) method for the Box-Cox lambda, as R's `forecast::BoxCox.lambda(method = "guerrero")`: the
 * series (its last whole seasons) is cut into subseries of one season (at least 2 points), and lambda in
 * [-1, 2] minimises the coefficient of variation of `sd_i / mean_i^(1 - lambda)` (golden-section search).
 *
 * @param values - positive observations.
 * @param period - seasonal period; 1 uses subseries of 2.
 * @returns 1 (no transform) when fewer than two subseries fit or a subseries has no spread.
 */
export function guerreroLambda(values: readonly number[], period: number): number {
  const size = Math.max(2, Math.round(period));
  const count = Math.floor(values.length / size);
  if (count < 2) return 1;
  const start = values.length - count * size;
  const means: number[] = [];
  const deviations: number[] = [];
  for (let block = 0; block < count; block++) {
    const slice = values.slice(start + block * size, start + (block + 1) * size);
    const mean = slice.reduce((sum, value) => sum + value, 0) / size;
    const deviation = Math.sqrt(slice.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (size - 1));
    means.push(mean);
    deviations.push(deviation);
  }
  if (deviations.some((deviation) => !(deviation > 0)) || means.some((mean) => !(mean > 0))) return 1;
  const objective = (lambda: number): number =>
    coefficientOfVariation(
      deviations.map((deviation, index) => deviation / (means[index] as number) ** (1 - lambda)),
    );
  // R's BoxCox.lambda optimises over [-1, 2]; the grid scan first guards against a local minimum.
  const { x: lambda } = minimizeScalar(objective, -1, 2, { gridSize: 30, tolerance: 1e-8 });
  return Number.isFinite(lambda) ? lambda : 1;
}
