import { type EtsStructure, none } from './ets-structure.js';

/** Ordinary least squares by normal equations with partial pivoting (tiny, well-conditioned designs only). */
function leastSquares(design: readonly Float64Array[], y: ArrayLike<number>, count: number): Float64Array {
  const p = design.length;
  const matrix = new Float64Array(p * (p + 1));
  for (let i = 0; i < p; i++) {
    const columnI = design[i] as Float64Array;
    for (let j = 0; j < p; j++) {
      const columnJ = design[j] as Float64Array;
      let sum = 0;
      for (let t = 0; t < count; t++) sum += (columnI[t] ?? 0) * (columnJ[t] ?? 0);
      matrix[i * (p + 1) + j] = sum;
    }
    let sum = 0;
    for (let t = 0; t < count; t++) sum += (columnI[t] ?? 0) * (y[t] ?? 0);
    matrix[i * (p + 1) + p] = sum;
  }
  const width = p + 1;
  for (let column = 0; column < p; column++) {
    let pivot = column;
    for (let row = column + 1; row < p; row++) {
      if (Math.abs(matrix[row * width + column] ?? 0) > Math.abs(matrix[pivot * width + column] ?? 0))
        pivot = row;
    }
    if (pivot !== column) {
      for (let k = 0; k < width; k++) {
        const swap = matrix[column * width + k] ?? 0;
        matrix[column * width + k] = matrix[pivot * width + k] ?? 0;
        matrix[pivot * width + k] = swap;
      }
    }
    const diagonal = matrix[column * width + column] ?? 0;
    for (let row = 0; row < p; row++) {
      if (row === column) continue;
      const factor = (matrix[row * width + column] ?? 0) / diagonal;
      if (factor === 0) continue;
      for (let k = column; k < width; k++) {
        matrix[row * width + k] = (matrix[row * width + k] ?? 0) - factor * (matrix[column * width + k] ?? 0);
      }
    }
  }
  const solution = new Float64Array(p);
  for (let i = 0; i < p; i++) solution[i] = (matrix[i * width + p] ?? 0) / (matrix[i * width + i] ?? 1);
  return solution;
}

/**
 * Classical decomposition's seasonal component (R's `stats::decompose`), aligned with the observations:
 * centred moving-average trend, seasonal figure by position averaged over the available cycles, and the
 * figure normalised to sum 0 (additive) or average 1 (multiplicative).
 */
export function classicalSeasonal(y: Float64Array, m: number, multiplicative: boolean): Float64Array {
  const n = y.length;
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    if (even) {
      trend = 0.5 * ((y[t - half] ?? 0) + (y[t + half] ?? 0));
      for (let k = -half + 1; k <= half - 1; k++) trend += y[t + k] ?? 0;
    } else {
      for (let k = -half; k <= half; k++) trend += y[t + k] ?? 0;
    }
    trend /= m;
    const detrended = multiplicative ? (y[t] ?? 0) / trend : (y[t] ?? 0) - trend;
    sums[t % m] = (sums[t % m] ?? 0) + detrended;
    counts[t % m] = (counts[t % m] ?? 0) + 1;
  }
  const figure = new Float64Array(m);
  let total = 0;
  for (let i = 0; i < m; i++) {
    figure[i] = (sums[i] ?? 0) / (counts[i] ?? 1);
    total += figure[i] ?? 0;
  }
  const mean = total / m;
  for (let i = 0; i < m; i++) figure[i] = multiplicative ? (figure[i] ?? 0) / mean : (figure[i] ?? 0) - mean;
  const seasonal = new Float64Array(n);
  for (let t = 0; t < n; t++) seasonal[t] = figure[t % m] ?? 0;
  return seasonal;
}

/**
 * Seasonal starting values for short series (fewer than three cycles), as R's `initstate` does: a regression
 * on a linear trend and one Fourier pair, and the observations less (or divided by) the fitted trend.
 */
function fourierSeasonal(y: Float64Array, m: number, multiplicative: boolean): Float64Array {
  const n = y.length;
  const intercept = new Float64Array(n).fill(1);
  const trend = new Float64Array(n);
  const sine = new Float64Array(n);
  const cosine = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    trend[t] = t + 1;
    sine[t] = Math.sin((2 * Math.PI * (t + 1)) / m);
    cosine[t] = Math.cos((2 * Math.PI * (t + 1)) / m);
  }
  // forecast::fourier drops the sine term when it is identically zero (m = 2).
  const design = m === 2 ? [intercept, trend, cosine] : [intercept, trend, sine, cosine];
  const coefficients = leastSquares(design, y, n);
  const a = coefficients[0] ?? 0;
  const b = coefficients[1] ?? 0;
  const seasonal = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const line = a + b * (t + 1);
    seasonal[t] = multiplicative ? (y[t] ?? 0) / line : (y[t] ?? 0) - line;
  }
  return seasonal;
}

/**
 * Starting values of the initial states, as R's `initstate`: level (and slope) from a regression on the
 * first `max(10, 2m)` seasonally adjusted observations, seasonal states from a classical decomposition.
 * Returns the states to optimise in R's order: level, slope (if any), then s1..s(m-1) — the last seasonal
 * state is implied by the normalisation (sum 0, or m for multiplicative seasons).
 */
export function initialStateGuess(y: Float64Array, structure: EtsStructure): Float64Array {
  const n = y.length;
  const { trend, season } = structure;
  let adjusted = y;
  let seasonStates: Float64Array | undefined;
  let m = 1;
  if (season !== none) {
    m = structure.m;
    const multiplicative = season === 2;
    const seasonal =
      n < 3 * m ? fourierSeasonal(y, m, multiplicative) : classicalSeasonal(y, m, multiplicative);
    seasonStates = new Float64Array(m - 1);
    for (let k = 0; k < m - 1; k++) seasonStates[k] = seasonal[m - 1 - k] ?? 0;
    adjusted = new Float64Array(n);
    if (multiplicative) {
      let sum = 0;
      for (let k = 0; k < m - 1; k++) {
        seasonStates[k] = Math.max(seasonStates[k] ?? 0, 1e-2);
        sum += seasonStates[k] ?? 0;
      }
      if (sum > m) {
        const denominator = sum + 1e-2 * (m - 1);
        for (let k = 0; k < m - 1; k++) seasonStates[k] = (seasonStates[k] ?? 0) / denominator;
      }
      for (let t = 0; t < n; t++) adjusted[t] = (y[t] ?? 0) / Math.max(seasonal[t] ?? 0, 1e-2);
    } else {
      for (let t = 0; t < n; t++) adjusted[t] = (y[t] ?? 0) - (seasonal[t] ?? 0);
    }
  }
  const count = Math.min(Math.max(10, 2 * m), n);
  const states = new Float64Array(1 + (trend === none ? 0 : 1) + (seasonStates?.length ?? 0));
  if (trend === none) {
    let sum = 0;
    for (let t = 0; t < count; t++) sum += adjusted[t] ?? 0;
    states[0] = sum / count;
  } else {
    let meanX = 0;
    let meanY = 0;
    for (let t = 0; t < count; t++) {
      meanX += t + 1;
      meanY += adjusted[t] ?? 0;
    }
    meanX /= count;
    meanY /= count;
    let sxy = 0;
    let sxx = 0;
    for (let t = 0; t < count; t++) {
      sxy += (t + 1 - meanX) * ((adjusted[t] ?? 0) - meanY);
      sxx += (t + 1 - meanX) * (t + 1 - meanX);
    }
    let slope = sxy / sxx;
    let level = meanY - slope * meanX;
    // Avoid l0 + b0 = 0, which breaks multiplicative errors.
    if (Math.abs(level + slope) < 1e-8) {
      level *= 1 + 1e-3;
      slope *= 1 - 1e-3;
    }
    states[0] = level;
    states[1] = slope;
  }
  if (seasonStates) states.set(seasonStates, trend === none ? 1 : 2);
  return states;
}
