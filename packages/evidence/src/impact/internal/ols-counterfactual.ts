import { studentTTwoSided } from '../../internal/distributions/student-t-distribution.js';
import { inverseGram } from '../../internal/linear-algebra/householder-qr.js';
import { leastSquares } from '../../internal/linear-algebra/least-squares.js';

/** Forecast of the post period from a plain regression on the pre period. */
export interface CounterfactualForecast {
  readonly means: Float64Array;
  readonly variances: Float64Array;
  readonly cumulativeVariance: number;
  /** Degrees of freedom of the t reference distribution; Infinity for the Gaussian state-space forecast. */
  readonly degreesOfFreedom: number;
  readonly residuals: Float64Array;
  readonly residualVariance: number;
  readonly coefficients: Float64Array;
}

/**
 * y = c + Xb + e on the pre period, predicted over the post period with classical prediction variances:
 * var_i = σ²(1 + x_iᵀ(XᵀX)⁻¹x_i) and, for the sum, σ²(h + sᵀ(XᵀX)⁻¹s) with s = Σ x_i.
 * Returns `undefined` when the design is collinear.
 */
export function olsCounterfactual(
  preResponse: Float64Array,
  preRegressors: readonly Float64Array[],
  postRegressors: readonly Float64Array[],
  horizon: number,
): CounterfactualForecast | undefined {
  const n = preResponse.length;
  const m = 1 + preRegressors.length;
  const design = new Float64Array(n * m);
  design.fill(1, 0, n);
  preRegressors.forEach((column, index) => {
    design.set(column, (index + 1) * n);
  });
  const fit = leastSquares(design, n, m, preResponse);
  if (fit.qr.dependentColumn >= 0) return undefined;
  const degreesOfFreedom = n - m;
  const sigma2 = fit.residualSumOfSquares / degreesOfFreedom;
  const gramInverse = inverseGram(fit.qr);
  const residuals = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let prediction = fit.coefficients[0] as number;
    for (let j = 1; j < m; j++)
      prediction += (fit.coefficients[j] as number) * ((preRegressors[j - 1] as Float64Array)[t] as number);
    residuals[t] = (preResponse[t] as number) - prediction;
  }
  const means = new Float64Array(horizon);
  const variances = new Float64Array(horizon);
  const x = new Float64Array(m);
  const sum = new Float64Array(m);
  for (let i = 0; i < horizon; i++) {
    x[0] = 1;
    for (let j = 1; j < m; j++) x[j] = (postRegressors[j - 1] as Float64Array)[i] as number;
    let mean = 0;
    for (let j = 0; j < m; j++) {
      mean += (fit.coefficients[j] as number) * (x[j] as number);
      sum[j] = (sum[j] as number) + (x[j] as number);
    }
    means[i] = mean;
    variances[i] = sigma2 * (1 + quadraticForm(gramInverse, x, m));
  }
  const cumulativeVariance = sigma2 * (horizon + quadraticForm(gramInverse, sum, m));
  return {
    means,
    variances,
    cumulativeVariance,
    degreesOfFreedom,
    residuals,
    residualVariance: sigma2,
    coefficients: fit.coefficients,
  };
}

function quadraticForm(matrix: Float64Array, vector: Float64Array, m: number): number {
  let total = 0;
  for (let i = 0; i < m; i++) {
    let row = 0;
    for (let j = 0; j < m; j++) row += (matrix[i * m + j] as number) * (vector[j] as number);
    total += (vector[i] as number) * row;
  }
  return total;
}

/** Two-sided critical value t such that P(|T| > t) = alpha, by bisection on the survival function. */
export function studentTCritical(alpha: number, degreesOfFreedom: number): number {
  let low = 0;
  let high = 1;
  while (studentTTwoSided(high, degreesOfFreedom) > alpha) high *= 2;
  for (let iteration = 0; iteration < 100; iteration++) {
    const middle = (low + high) / 2;
    if (studentTTwoSided(middle, degreesOfFreedom) > alpha) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
