/**
 * Kalman filter for the local level + static regression model
 *
 *   y_t = μ_t + x_tᵀβ + ε_t,  ε_t ~ N(0, σ²_ε)
 *   μ_{t+1} = μ_t + η_t,      η_t ~ N(0, σ²_η),  β constant,
 *
 * with state α = (μ, β), T = I, Z_t = (1, x_t), as statsmodels `UnobservedComponents('llevel', exog=…)`.
 * Matrices are flat row-major `Float64Array`s: the state has at most a few dozen entries.
 */

/** How the unknown initial state is started. */
export type DiffuseInitialization = 'exact' | 'approximate';

/** Variance of the statsmodels approximate diffuse start (`initial_variance`). */
export const approximateDiffuseVariance = 1e6;

export interface FilterInput {
  readonly response: Float64Array;
  /** Regressor columns, each as long as `response`. */
  readonly regressors: readonly Float64Array[];
  readonly sigma2Irregular: number;
  readonly sigma2Level: number;
  readonly initialization: DiffuseInitialization;
  /** Multiplies the approximate diffuse prior variance (the concentrated likelihood runs with σ²_ε = 1). */
  readonly priorScale?: number;
}

export interface FilterOutput {
  /** Gaussian log-likelihood (diffuse part included for the exact start, burn-in excluded for the approximate). */
  readonly logLikelihood: number;
  /** Observations whose likelihood term is diffuse (exact) or burned (approximate). */
  readonly diffuseObservations: number;
  /** Σ v²/F* and Σ log F* over the non-diffuse observations, for the concentrated likelihood. */
  readonly sumScaledSquares: number;
  readonly sumLogVariance: number;
  /** Σ log F∞ over the diffuse observations. */
  readonly sumLogDiffuseVariance: number;
  /** Predicted state a_{n+1|n} and its covariance P_{n+1|n} after the last observation. */
  readonly state: Float64Array;
  readonly covariance: Float64Array;
  /** Filtered level and coefficient means after each observation (row-major n × m). */
  readonly filteredStates: Float64Array;
  /** One-step-ahead prediction errors (NaN during the diffuse period). */
  readonly predictionErrors: Float64Array;
  readonly predictionVariances: Float64Array;
}

const logTwoPi = Math.log(2 * Math.PI);

/**
 * Runs the filter. The exact diffuse start follows Koopman & Durbin (2000) for a univariate observation, as
 * statsmodels does: while F∞ = Z P∞ Zᵀ > 0 the observation only resolves diffuse directions and adds
 * −½(log 2π + log F∞) to the likelihood.
 */
export function runLocalLevelFilter(input: FilterInput): FilterOutput {
  const { response, sigma2Irregular, sigma2Level, initialization } = input;
  const n = response.length;
  const m = 1 + input.regressors.length;
  // Regressors are rescaled to unit root-mean-square: with revenue-sized columns next to the level's 1 the
  // rounding left in P∞ after a direction is resolved would be as large as a genuinely diffuse F∞ (a price that
  // changes for the first time after weeks at one value). Results are mapped back to the original scale. The
  // approximate start keeps the original scale so that it follows statsmodels' arithmetic as closely as it can.
  const scales = new Float64Array(m).fill(1);
  const regressors = input.regressors.map((column, index) => {
    let sum = 0;
    for (let t = 0; t < n; t++) sum += (column[t] as number) ** 2;
    const scale = initialization === 'exact' ? Math.sqrt(sum / Math.max(1, n)) || 1 : 1;
    scales[index + 1] = scale;
    return column.map((value) => value / scale);
  });
  const a = new Float64Array(m);
  const pStar = new Float64Array(m * m);
  const pInfinity = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    if (initialization === 'exact') pInfinity[i * m + i] = 1;
    else pStar[i * m + i] = approximateDiffuseVariance * (input.priorScale ?? 1) * (scales[i] as number) ** 2;
  }
  let diffuse = initialization === 'exact';
  const burn = initialization === 'approximate' ? m : 0;
  const z = new Float64Array(m);
  const mStar = new Float64Array(m);
  const mInfinity = new Float64Array(m);
  const filteredStates = new Float64Array(n * m);
  const predictionErrors = new Float64Array(n);
  const predictionVariances = new Float64Array(n);
  let logLikelihood = 0;
  let diffuseObservations = 0;
  let sumScaledSquares = 0;
  let sumLogVariance = 0;
  let sumLogDiffuseVariance = 0;

  for (let t = 0; t < n; t++) {
    z[0] = 1;
    let zNorm = 1;
    for (let j = 1; j < m; j++) {
      const value = (regressors[j - 1] as Float64Array)[t] as number;
      z[j] = value;
      zNorm += value * value;
    }
    let v = response[t] as number;
    for (let j = 0; j < m; j++) v -= (z[j] as number) * (a[j] as number);
    let fStar = sigma2Irregular;
    let fInfinity = 0;
    for (let i = 0; i < m; i++) {
      let sumStar = 0;
      let sumInfinity = 0;
      for (let j = 0; j < m; j++) {
        sumStar += (pStar[i * m + j] as number) * (z[j] as number);
        if (diffuse) sumInfinity += (pInfinity[i * m + j] as number) * (z[j] as number);
      }
      mStar[i] = sumStar;
      mInfinity[i] = sumInfinity;
      fStar += (z[i] as number) * sumStar;
      fInfinity += (z[i] as number) * sumInfinity;
    }
    // P∞ starts as I, so a residual F∞ of rounding size relative to |Z|² means the direction is already known.
    if (diffuse && fInfinity > 1e-10 * zNorm) {
      diffuseObservations++;
      sumLogDiffuseVariance += Math.log(fInfinity);
      logLikelihood -= 0.5 * (logTwoPi + Math.log(fInfinity));
      predictionErrors[t] = Number.NaN;
      predictionVariances[t] = Number.NaN;
      const ratio = fStar / (fInfinity * fInfinity);
      for (let i = 0; i < m; i++) a[i] = (a[i] as number) + ((mInfinity[i] as number) * v) / fInfinity;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) {
          const mi = mInfinity[i] as number;
          const mj = mInfinity[j] as number;
          pStar[i * m + j] =
            (pStar[i * m + j] as number) +
            mi * mj * ratio -
            ((mStar[i] as number) * mj + mi * (mStar[j] as number)) / fInfinity;
          pInfinity[i * m + j] = (pInfinity[i * m + j] as number) - (mi * mj) / fInfinity;
        }
      }
      // The diffuse phase ends once every direction is known (P∞ = 0 up to rounding; it started as I).
      let largest = 0;
      for (let i = 0; i < m * m; i++) largest = Math.max(largest, Math.abs(pInfinity[i] as number));
      if (largest < 1e-9) {
        diffuse = false;
        pInfinity.fill(0);
      }
    } else {
      // F∞ = 0: this observation carries no information on the remaining diffuse directions (e.g. a regressor
      // that has been constant so far), so it is an ordinary update and P∞ is unchanged.
      predictionErrors[t] = v;
      predictionVariances[t] = fStar;
      if (t >= burn) {
        sumScaledSquares += (v * v) / fStar;
        sumLogVariance += Math.log(fStar);
        logLikelihood -= 0.5 * (logTwoPi + Math.log(fStar) + (v * v) / fStar);
      } else {
        diffuseObservations++;
      }
      for (let i = 0; i < m; i++) a[i] = (a[i] as number) + ((mStar[i] as number) * v) / fStar;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) {
          pStar[i * m + j] =
            (pStar[i * m + j] as number) - ((mStar[i] as number) * (mStar[j] as number)) / fStar;
        }
      }
    }
    for (let i = 0; i < m; i++) filteredStates[t * m + i] = (a[i] as number) / (scales[i] as number);
    // Prediction: T = I, only the level gets new noise.
    pStar[0] = (pStar[0] as number) + sigma2Level;
  }
  // With P∞ = I the diffuse terms multiply to det(A)² for the m identifying rows A, so rescaling column j by
  // 1/s_j changes Σ log F∞ by −2 Σ log s_j; the exact-diffuse likelihood is reported on the original scale.
  if (initialization === 'exact') {
    let logScales = 0;
    for (let i = 1; i < m; i++) logScales += Math.log(scales[i] as number);
    sumLogDiffuseVariance += 2 * logScales;
    logLikelihood -= logScales;
  }
  const state = new Float64Array(m);
  const covariance = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    state[i] = (a[i] as number) / (scales[i] as number);
    for (let j = 0; j < m; j++) {
      covariance[i * m + j] = (pStar[i * m + j] as number) / ((scales[i] as number) * (scales[j] as number));
    }
  }
  return {
    logLikelihood,
    diffuseObservations,
    sumScaledSquares,
    sumLogVariance,
    sumLogDiffuseVariance,
    state,
    covariance,
    filteredStates,
    predictionErrors,
    predictionVariances,
  };
}

/** Forecast means, pointwise variances and the variance of their sum over the given future regressor rows. */
export function forecastLocalLevel(
  filter: Pick<FilterOutput, 'state' | 'covariance'>,
  futureRegressors: readonly Float64Array[],
  horizon: number,
  sigma2Irregular: number,
  sigma2Level: number,
): { means: Float64Array; variances: Float64Array; cumulativeVariance: number; sumCovariance: Float64Array } {
  const m = filter.state.length;
  const means = new Float64Array(horizon);
  const variances = new Float64Array(horizon);
  const zSum = new Float64Array(m);
  const z = new Float64Array(m);
  for (let i = 0; i < horizon; i++) {
    z[0] = 1;
    for (let j = 1; j < m; j++) z[j] = (futureRegressors[j - 1] as Float64Array)[i] as number;
    let mean = 0;
    for (let j = 0; j < m; j++) {
      mean += (z[j] as number) * (filter.state[j] as number);
      zSum[j] = (zSum[j] as number) + (z[j] as number);
    }
    means[i] = mean;
    variances[i] = quadratic(filter.covariance, z, m) + i * sigma2Level + sigma2Irregular;
  }
  // Σ_ij = Z_i (P + min(i,j) Q) Z_jᵀ + δ_ij H, so 1ᵀΣ1 = (ΣZ) P (ΣZ)ᵀ + σ²_η Σ_ij min(i,j) + h H.
  let minSum = 0;
  for (let k = 0; k < horizon; k++) minSum += k * (2 * (horizon - 1 - k) + 1);
  const cumulativeVariance =
    quadratic(filter.covariance, zSum, m) + sigma2Level * minSum + horizon * sigma2Irregular;
  return { means, variances, cumulativeVariance, sumCovariance: zSum };
}

function quadratic(matrix: Float64Array, vector: Float64Array, m: number): number {
  let sum = 0;
  for (let i = 0; i < m; i++) {
    let row = 0;
    for (let j = 0; j < m; j++) row += (matrix[i * m + j] as number) * (vector[j] as number);
    sum += (vector[i] as number) * row;
  }
  return sum;
}
