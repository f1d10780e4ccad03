import { createNormalSource } from '../../internal/create-normal-source.js';
import { type EtsStructure, none, type SmoothingParameters } from './ets-structure.js';

/** Forecast means and variances for steps 1..h. */
export interface ForecastMoments {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

/**
 * Point forecasts with zero future errors (R's `etsforecast`), using the damped sum
 * `phi + phi^2 + ... + phi^h` for the slope.
 */
export function pointForecasts(
  structure: EtsStructure,
  phi: number,
  states: Float64Array,
  horizon: number,
): Float64Array {
  const { trend, season, m } = structure;
  const level = states[0] ?? 0;
  const slope = trend === none ? 0 : (states[1] ?? 0);
  const seasonOffset = trend === none ? 1 : 2;
  const result = new Float64Array(horizon);
  let dampedSum = phi;
  let power = phi;
  for (let h = 0; h < horizon; h++) {
    let value = trend === none ? level : level + dampedSum * slope;
    if (season !== none) {
      // Step h + 1 uses the seasonal state from m - ((h) mod m) periods back: s_{m - h mod m} in R's s1..sm.
      const index = seasonOffset + m - 1 - (h % m);
      const seasonal = states[index] ?? 0;
      value = season === 1 ? value + seasonal : value * seasonal;
    }
    result[h] = value;
    power *= phi;
    dampedSum += power;
  }
  return result;
}

/**
 * Class 1 (additive error, additive or no trend and season) moments: Hyndman et al. (2008), chapter 6,
 * `var_h = sigma2 * (1 + sum_{j<h} c_j^2)` with `c_j = w' F^(j-1) g`.
 */
export function classOneMoments(
  structure: EtsStructure,
  parameters: SmoothingParameters,
  states: Float64Array,
  sigma2: number,
  horizon: number,
): ForecastMoments & { readonly c: Float64Array } {
  const { trend, season, m } = structure;
  const p = states.length;
  const phi = parameters.phi;
  const seasonStart = trend === none ? 1 : 2;
  // w: measurement row vector, updated in place to w' F^j; g: persistence vector.
  const w = new Float64Array(p);
  const g = new Float64Array(p);
  const scratch = new Float64Array(p);
  w[0] = 1;
  g[0] = parameters.alpha;
  if (trend !== none) {
    w[1] = phi;
    g[1] = parameters.beta;
  }
  if (season !== none) {
    w[p - 1] = 1;
    g[seasonStart] = parameters.gamma;
  }
  const mean = new Float64Array(horizon);
  const variance = new Float64Array(horizon);
  const c = new Float64Array(Math.max(horizon - 1, 0));
  let cumulative = 0;
  for (let h = 0; h < horizon; h++) {
    let mu = 0;
    let cj = 0;
    for (let k = 0; k < p; k++) {
      mu += (w[k] ?? 0) * (states[k] ?? 0);
      cj += (w[k] ?? 0) * (g[k] ?? 0);
    }
    mean[h] = mu;
    variance[h] = sigma2 * (1 + cumulative);
    if (h < horizon - 1) {
      c[h] = cj;
      cumulative += cj * cj;
    }
    // w' <- w' F. F: level row (1, phi), slope row (0, phi); seasonal rows shift s1..sm down and feed sm back to s1.
    scratch.fill(0);
    scratch[0] = w[0] ?? 0;
    if (trend !== none) scratch[1] = (w[0] ?? 0) * phi + (w[1] ?? 0) * phi;
    if (season !== none) {
      for (let j = 0; j < m - 1; j++) scratch[seasonStart + j] = w[seasonStart + j + 1] ?? 0;
      scratch[seasonStart + m - 1] = w[seasonStart] ?? 0;
    }
    w.set(scratch);
  }
  return { mean, variance, c };
}

/** Class 2 (multiplicative error, additive or no trend and season) moments, from the class 1 recursion. */
export function classTwoMoments(
  structure: EtsStructure,
  parameters: SmoothingParameters,
  states: Float64Array,
  sigma2: number,
  horizon: number,
): ForecastMoments {
  const base = classOneMoments(structure, parameters, states, sigma2, horizon);
  const theta = new Float64Array(horizon);
  const variance = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    const mu = base.mean[h] ?? 0;
    let sum = 0;
    for (let j = 0; j < h; j++) {
      const cj = base.c[j] ?? 0;
      sum += cj * cj * (theta[h - 1 - j] ?? 0);
    }
    theta[h] = mu * mu + sigma2 * sum;
    variance[h] = (1 + sigma2) * (theta[h] ?? 0) - mu * mu;
  }
  return { mean: base.mean, variance };
}

/** A sparse matrix as parallel arrays of (row, column, value) triplets. */
interface Sparse {
  readonly rows: Int32Array;
  readonly columns: Int32Array;
  readonly values: Float64Array;
}

function toSparse(dense: Float64Array, size: number): Sparse {
  const rows: number[] = [];
  const columns: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const value = dense[i * size + j] ?? 0;
      if (value !== 0) {
        rows.push(i);
        columns.push(j);
        values.push(value);
      }
    }
  }
  return {
    rows: Int32Array.from(rows),
    columns: Int32Array.from(columns),
    values: Float64Array.from(values),
  };
}

/** Dense Kronecker product `a ⊗ b` of square matrices (row-major). */
function kronecker(a: Float64Array, sizeA: number, b: Float64Array, sizeB: number): Float64Array {
  const size = sizeA * sizeB;
  const result = new Float64Array(size * size);
  for (let ia = 0; ia < sizeA; ia++) {
    for (let ja = 0; ja < sizeA; ja++) {
      const factor = a[ia * sizeA + ja] ?? 0;
      if (factor === 0) continue;
      for (let ib = 0; ib < sizeB; ib++) {
        for (let jb = 0; jb < sizeB; jb++) {
          result[(ia * sizeB + ib) * size + ja * sizeB + jb] = factor * (b[ib * sizeB + jb] ?? 0);
        }
      }
    }
  }
  return result;
}

/** `left X right'` for sparse `left`, `right` and a dense square `X`; adds `scale` times it into `target`. */
function addSandwich(
  left: Sparse,
  x: Float64Array,
  right: Sparse,
  size: number,
  scale: number,
  target: Float64Array,
  work: Float64Array,
): void {
  work.fill(0);
  for (let k = 0; k < left.values.length; k++) {
    const row = left.rows[k] ?? 0;
    const column = left.columns[k] ?? 0;
    const value = left.values[k] ?? 0;
    for (let j = 0; j < size; j++)
      work[row * size + j] = (work[row * size + j] ?? 0) + value * (x[column * size + j] ?? 0);
  }
  for (let k = 0; k < right.values.length; k++) {
    const row = right.rows[k] ?? 0;
    const column = right.columns[k] ?? 0;
    const value = scale * (right.values[k] ?? 0);
    for (let i = 0; i < size; i++)
      target[i * size + row] = (target[i * size + row] ?? 0) + (work[i * size + column] ?? 0) * value;
  }
}

/**
 * Class 3 (multiplicative error and season, additive or no trend) moments: the approximate recursions of
 * Hyndman et al. (2008), section 6.4, on the Kronecker form of the level/slope and seasonal states, as
 * R's `forecast.ets` computes them. The mean includes the second-order seasonal term, so it can differ
 * from the point forecast beyond one seasonal cycle.
 */
export function classThreeMoments(
  structure: EtsStructure,
  parameters: SmoothingParameters,
  states: Float64Array,
  sigma2: number,
  horizon: number,
): ForecastMoments {
  const { trend, m } = structure;
  const { alpha, beta, gamma, phi } = parameters;
  const p1 = trend === none ? 1 : 2;
  const f1 = trend === none ? Float64Array.of(1) : Float64Array.of(1, 1, 0, phi);
  const g1 = trend === none ? Float64Array.of(alpha) : Float64Array.of(alpha, alpha, beta, beta);
  const f2 = new Float64Array(m * m);
  f2[m - 1] = 1;
  for (let i = 1; i < m; i++) f2[i * m + i - 1] = 1;
  const g2 = new Float64Array(m * m);
  g2[m - 1] = gamma;
  const d = p1 * m;
  const f21 = toSparse(kronecker(f2, m, f1, p1), d);
  const g21 = toSparse(kronecker(g2, m, g1, p1), d);
  const kDense = kronecker(g2, m, f1, p1);
  const kSecond = kronecker(f2, m, g1, p1);
  for (let i = 0; i < kDense.length; i++) kDense[i] = (kDense[i] ?? 0) + (kSecond[i] ?? 0);
  const k = toSparse(kDense, d);
  // Mh = x1 s' (p1 x m), kept as its column-major vectorisation: vec[i + p1 * j] = Mh[i][j].
  let vec = new Float64Array(d);
  for (let j = 0; j < m; j++)
    for (let i = 0; i < p1; i++) vec[i + p1 * j] = (states[i] ?? 0) * (states[p1 + j] ?? 0);
  let v = new Float64Array(d * d);
  const next = new Float64Array(d * d);
  const work = new Float64Array(d * d);
  const inner = new Float64Array(d * d);
  const mean = new Float64Array(horizon);
  const variance = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    let mu = 0;
    for (let i = 0; i < p1; i++) mu += vec[i + p1 * (m - 1)] ?? 0;
    let quadratic = 0;
    for (let a = 0; a < p1; a++)
      for (let b = 0; b < p1; b++) quadratic += v[(p1 * (m - 1) + a) * d + p1 * (m - 1) + b] ?? 0;
    mean[h] = mu;
    variance[h] = (1 + sigma2) * quadratic + sigma2 * mu * mu;
    if (h === horizon - 1) break;
    next.fill(0);
    addSandwich(f21, v, f21, d, 1, next, work);
    addSandwich(f21, v, g21, d, sigma2, next, work);
    addSandwich(g21, v, f21, d, sigma2, next, work);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) inner[i * d + j] = (v[i * d + j] ?? 0) + (vec[i] ?? 0) * (vec[j] ?? 0);
    addSandwich(k, inner, k, d, sigma2, next, work);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++)
        inner[i * d + j] = 3 * (v[i * d + j] ?? 0) + 2 * (vec[i] ?? 0) * (vec[j] ?? 0);
    }
    addSandwich(g21, inner, g21, d, sigma2 * sigma2, next, work);
    // Mh <- F1 Mh F2' + sigma2 G1 Mh G2', i.e. vec <- (F2 ⊗ F1) vec + sigma2 (G2 ⊗ G1) vec.
    const newVec = new Float64Array(d);
    for (let e = 0; e < f21.values.length; e++) {
      const row = f21.rows[e] ?? 0;
      newVec[row] = (newVec[row] ?? 0) + (f21.values[e] ?? 0) * (vec[f21.columns[e] ?? 0] ?? 0);
    }
    for (let e = 0; e < g21.values.length; e++) {
      const row = g21.rows[e] ?? 0;
      newVec[row] = (newVec[row] ?? 0) + sigma2 * (g21.values[e] ?? 0) * (vec[g21.columns[e] ?? 0] ?? 0);
    }
    vec = newVec;
    const swap = v;
    v = Float64Array.from(next);
    next.set(swap);
  }
  return { mean, variance };
}

/**
 * Quantile of sorted values by Hyndman & Fan's type 8 (median-unbiased), R's `quantile(type = 8)`.
 */
export function sortedQuantile(sorted: Float64Array, probability: number): number {
  const n = sorted.length;
  const position = 1 / 3 + probability * (n + 1 / 3);
  const j = Math.floor(position + 4 * Number.EPSILON);
  let h = position - j;
  if (Math.abs(h) < 4 * Number.EPSILON) h = 0;
  const lowIndex = Math.min(Math.max(j - 1, 0), n - 1);
  const highIndex = Math.min(Math.max(j, 0), n - 1);
  return (1 - h) * (sorted[lowIndex] ?? 0) + h * (sorted[highIndex] ?? 0);
}

/**
 * Simulates `paths` future sample paths with Gaussian innovations of variance `sigma2` (relative errors for
 * multiplicative-error models), as R's `simulate.ets`; returns them step-major: `paths` values per step.
 */
export function simulatePaths(
  structure: EtsStructure,
  parameters: SmoothingParameters,
  states: Float64Array,
  sigma2: number,
  horizon: number,
  paths: number,
  seed: number,
): Float64Array[] {
  const { error, trend, season, m } = structure;
  const { alpha, beta, gamma, phi } = parameters;
  const normal = createNormalSource(seed);
  const sigma = Math.sqrt(sigma2);
  const seasonOffset = trend === none ? 1 : 2;
  const ring = new Float64Array(Math.max(1, m));
  const steps = Array.from({ length: horizon }, () => new Float64Array(paths));
  for (let path = 0; path < paths; path++) {
    let level = states[0] ?? 0;
    let slope = trend === none ? 0 : (states[1] ?? 0);
    if (season !== none) for (let k = 0; k < m; k++) ring[k] = states[seasonOffset + m - 1 - k] ?? 0;
    let pointer = 0;
    for (let h = 0; h < horizon; h++) {
      const dampedSlope = phi * slope;
      const q = trend === none ? level : level + dampedSlope;
      const oldSeason = season === none ? 0 : (ring[pointer] ?? 0);
      const fit = season === none ? q : season === 1 ? q + oldSeason : q * oldSeason;
      const shock = sigma * normal.next();
      const value = error === 1 ? fit + shock : fit * (1 + shock);
      (steps[h] as Float64Array)[path] = value;
      const adjusted = season === 1 ? value - oldSeason : season === 2 ? value / oldSeason : value;
      const newLevel = q + alpha * (adjusted - q);
      if (trend !== none) slope = dampedSlope + (beta / alpha) * (newLevel - level - dampedSlope);
      if (season !== none) {
        const target = season === 1 ? value - q : value / q;
        ring[pointer] = oldSeason + gamma * (target - oldSeason);
        pointer = pointer + 1 === m ? 0 : pointer + 1;
      }
      level = newLevel;
    }
  }
  for (const step of steps) step.sort();
  return steps;
}
