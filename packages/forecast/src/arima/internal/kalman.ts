// biome-ignore-all lint/style/noNonNullAssertion: numeric kernel; every index is bounded by the loop limits.
import type { ArimaStateSpace } from './state-space.js';

/** Sufficient statistics of the Gaussian likelihood from one Kalman filter pass. */
export interface LikelihoodTerms {
  /** Sum of squared standardised innovations (times sigma², i.e. `sum e_t^2 / F_t`). */
  readonly ssq: number;
  /** Sum of `log F_t` over the observations counted. */
  readonly sumLog: number;
  /** Number of observations counted (those whose innovation variance is below the diffuse threshold). */
  readonly count: number;
}

/** Scratch buffers for {@link kalmanLikelihood}, allocated once per model dimension. */
export interface KalmanWorkspace {
  readonly anew: Float64Array;
  readonly M: Float64Array;
  readonly w: Float64Array;
  /** AR coefficients padded with zeros to the state dimension. */
  readonly phiPadded: Float64Array;
  /** The noise loadings `1, theta_1, theta_2, ...` padded with zeros to the state dimension. */
  readonly loadings: Float64Array;
}

/** Allocates the scratch buffers for a state of dimension `rd`. */
export function createKalmanWorkspace(rd: number): KalmanWorkspace {
  return {
    anew: new Float64Array(rd),
    M: new Float64Array(rd),
    w: new Float64Array(rd),
    phiPadded: new Float64Array(rd),
    loadings: new Float64Array(rd),
  };
}

/**
 * Kalman filter for the exact ARIMA likelihood, a line-by-line port of R's `ARIMA_Like` (Gardner et al.
 * 1980 with Durbin–Koopman style diffuse differencing states; innovations with variance of 1e4 or more are
 * treated as diffuse and left out). Mutates `state.a`, `state.P`, `state.Pn`; on return `a`/`P` are the
 * filtered state at the last observation, ready for forecasting. Writes standardised residuals
 * (`e_t / sqrt(F_t)`) into `residuals` when given.
 */
export function kalmanLikelihood(
  y: Float64Array,
  state: ArimaStateSpace,
  workspace: KalmanWorkspace,
  residuals?: Float64Array,
): LikelihoodTerms {
  const { phi, theta, delta, r, rd, a, P } = state;
  const Pnew = state.Pn;
  const { anew, M, w, phiPadded, loadings } = workspace;
  const n = y.length;
  const p = phi.length;
  const q = theta.length;
  const d = delta.length;
  phiPadded.fill(0);
  phiPadded.set(phi.subarray(0, Math.min(p, r)));
  loadings.fill(0);
  loadings[0] = 1;
  for (let i = 1; i < r && i - 1 < q; i++) loadings[i] = theta[i - 1]!;
  let ssq = 0;
  let sumLog = 0;
  let count = 0;
  // Once the innovation variance has stopped changing for a full cycle of the state (to 1e-12 relative), the
  // filter has reached its steady state: the covariance recursions are skipped and the converged gain reused.
  // The effect on the likelihood is far below the tolerance of the optimiser.
  let steady = false;
  let stableSteps = 0;
  let previousGain = Number.NaN;
  let gain = 0;
  let logGain = 0;
  for (let l = 0; l < n; l++) {
    for (let i = 0; i < r; i++) {
      let tmp = i < r - 1 ? a[i + 1]! : 0;
      if (i < p) tmp += phi[i]! * a[0]!;
      anew[i] = tmp;
    }
    if (d > 0) {
      for (let i = r + 1; i < rd; i++) anew[i] = a[i - 1]!;
      let tmp = a[0]!;
      for (let i = 0; i < d; i++) tmp += delta[i]! * a[r + i]!;
      anew[r] = tmp;
    }
    if (l > 0 && !steady) {
      // Pnew = T P T' + V, using the structure of T and the symmetry of P (upper triangle, then mirrored).
      // w = P Z is the covariance of every state with the one-step prediction of y.
      for (let j = 0; j < rd; j++) {
        let tmp = P[j]!;
        for (let k = 0; k < d; k++) tmp += delta[k]! * P[j + rd * (r + k)]!;
        w[j] = tmp;
      }
      // Padded coefficients keep the branches out of this O(r^2) loop, the hot spot of every ARIMA fit.
      const p00 = P[0]!;
      for (let j = 0; j < r - 1; j++) {
        const phij = phiPadded[j]!;
        const vj = loadings[j]!;
        const fromFirst = phij * p00 + P[j + 1]!;
        const column = rd * j;
        const nextColumn = rd * (j + 1) + 1;
        for (let i = 0; i <= j; i++) {
          const tmp = loadings[i]! * vj + phiPadded[i]! * fromFirst + phij * P[i + 1]! + P[i + nextColumn]!;
          Pnew[i + column] = tmp;
        }
      }
      {
        const j = r - 1;
        const phij = phiPadded[j]!;
        const vj = loadings[j]!;
        const column = rd * j;
        for (let i = 0; i <= j; i++) {
          let tmp = loadings[i]! * vj + phiPadded[i]! * phij * p00;
          if (i < r - 1) tmp += phij * P[i + 1]!;
          Pnew[i + column] = tmp;
        }
      }
      // Of the ARMA block's lower triangle only the first column is read (by M below).
      for (let j = 1; j < r; j++) Pnew[j] = Pnew[rd * j]!;
      if (d > 0) {
        for (let i = 0; i < r; i++) {
          const phii = i < p ? phi[i]! : 0;
          let tmp = phii * w[0]!;
          if (i < r - 1) tmp += w[i + 1]!;
          Pnew[i + rd * r] = tmp;
          Pnew[r + rd * i] = tmp;
          for (let m = 1; m < d; m++) {
            const column = rd * (r + m - 1);
            let cross = phii * P[column]!;
            if (i < r - 1) cross += P[i + 1 + column]!;
            Pnew[i + rd * (r + m)] = cross;
            Pnew[r + m + rd * i] = cross;
          }
        }
        let corner = w[0]!;
        for (let k = 0; k < d; k++) corner += delta[k]! * w[r + k]!;
        Pnew[r + rd * r] = corner;
        for (let m = 1; m < d; m++) {
          const value = w[r + m - 1]!;
          Pnew[r + rd * (r + m)] = value;
          Pnew[r + m + rd * r] = value;
          for (let l2 = 1; l2 <= m; l2++) {
            const shifted = P[r + l2 - 1 + rd * (r + m - 1)]!;
            Pnew[r + l2 + rd * (r + m)] = shifted;
            Pnew[r + m + rd * (r + l2)] = shifted;
          }
        }
      }
    }
    const observation = y[l]!;
    let resid0 = observation - anew[0]!;
    for (let i = 0; i < d; i++) resid0 -= delta[i]! * anew[r + i]!;
    if (!steady) {
      for (let i = 0; i < rd; i++) {
        let tmp = Pnew[i]!;
        for (let j = 0; j < d; j++) tmp += Pnew[i + rd * (r + j)]! * delta[j]!;
        M[i] = tmp;
      }
      gain = M[0]!;
      for (let j = 0; j < d; j++) gain += delta[j]! * M[r + j]!;
      logGain = Math.log(gain);
    }
    if (gain < 1e4) {
      count++;
      ssq += (resid0 * resid0) / gain;
      sumLog += logGain;
    }
    if (residuals !== undefined) residuals[l] = resid0 / Math.sqrt(gain);
    for (let i = 0; i < rd; i++) a[i] = anew[i]! + (M[i]! * resid0) / gain;
    if (steady) continue;
    if (l > rd && Math.abs(gain - previousGain) <= 1e-12 * gain) {
      stableSteps++;
      if (stableSteps >= rd) steady = true;
    } else {
      stableSteps = 0;
    }
    previousGain = gain;
    for (let j = 0; j < rd; j++) {
      const mj = M[j]! / gain;
      for (let i = 0; i <= j; i++) {
        const value = Pnew[i + rd * j]! - M[i]! * mj;
        P[i + rd * j] = value;
        P[j + rd * i] = value;
      }
    }
  }
  return { ssq, sumLog, count };
}

/**
 * Differences a copy of a series as R's `ARIMA_CSS` does (`d` lag-1 then `seasonalD` lag-`period`
 * passes, back to front); the first `d + seasonalD * period` entries keep partial differences and are never read.
 */
export function differenceSeries(
  y: Float64Array,
  d: number,
  seasonalD: number,
  period: number,
): Float64Array {
  const n = y.length;
  const w = Float64Array.from(y);
  for (let i = 0; i < d; i++) for (let l = n - 1; l > 0; l--) w[l]! -= w[l - 1]!;
  for (let i = 0; i < seasonalD; i++) for (let l = n - 1; l >= period; l--) w[l]! -= w[l - period]!;
  return w;
}

/**
 * The ARMA recursion of R's `ARIMA_CSS` on an already differenced series: from observation `conditioning`,
 * with pre-sample innovations set to zero, writing the innovations into `residuals`. Returns the mean squared
 * innovation.
 */
export function armaSumOfSquares(
  w: Float64Array,
  phi: Float64Array,
  theta: Float64Array,
  conditioning: number,
  residuals: Float64Array,
): number {
  const n = w.length;
  const resid = residuals;
  for (let l = 0; l < conditioning && l < n; l++) resid[l] = 0;
  const p = phi.length;
  const q = theta.length;
  let ssq = 0;
  let count = 0;
  // The first q innovations see fewer past innovations; after them every step has all q, so the hot loop
  // needs no per-step bound (this recursion is most of an ARIMA search's time).
  const warmEnd = Math.min(n, conditioning + q);
  for (let l = conditioning; l < warmEnd; l++) {
    let tmp = w[l]!;
    for (let j = 0; j < p; j++) tmp -= phi[j]! * w[l - j - 1]!;
    for (let j = 0; j < l - conditioning; j++) tmp -= theta[j]! * resid[l - j - 1]!;
    resid[l] = tmp;
    if (!Number.isNaN(tmp)) {
      count++;
      ssq += tmp * tmp;
    }
  }
  for (let l = warmEnd; l < n; l++) {
    let tmp = w[l]!;
    for (let j = 0; j < p; j++) tmp -= phi[j]! * w[l - j - 1]!;
    // Oldest innovation first: only the last subtraction waits for the innovation just computed, so the
    // recursion's dependency chain is one step long instead of q.
    for (let j = q - 1; j >= 0; j--) tmp -= theta[j]! * resid[l - j - 1]!;
    resid[l] = tmp;
    if (!Number.isNaN(tmp)) {
      count++;
      ssq += tmp * tmp;
    }
  }
  return ssq / count;
}

/**
 * Conditional sum of squares (R's `ARIMA_CSS`): differences the series, then runs the ARMA recursion from
 * observation `conditioning` with pre-sample innovations set to zero. Returns the mean squared innovation.
 */
export function conditionalSumOfSquares(
  y: Float64Array,
  d: number,
  seasonalD: number,
  period: number,
  phi: Float64Array,
  theta: Float64Array,
  conditioning: number,
  residuals?: Float64Array,
): number {
  return armaSumOfSquares(
    differenceSeries(y, d, seasonalD, period),
    phi,
    theta,
    conditioning,
    residuals ?? new Float64Array(y.length),
  );
}

/**
 * Kalman forecasts from the filtered state (R's `KalmanForecast`): means and variances (in units of sigma²)
 * for steps 1..horizon. Does not modify `state`.
 */
export function kalmanForecast(
  state: ArimaStateSpace,
  horizon: number,
): { readonly mean: Float64Array; readonly variance: Float64Array } {
  const { phi, theta, delta, r, rd } = state;
  const p = phi.length;
  const d = delta.length;
  // Dense transition T and V = R R' as in makeARIMA.
  const T = new Float64Array(rd * rd);
  for (let i = 0; i < p; i++) T[i] = phi[i]!;
  for (let i = 1; i < r; i++) T[i - 1 + rd * i] = 1;
  if (d > 0) {
    T[r] = 1;
    for (let j = 0; j < d; j++) T[r + rd * (r + j)] = delta[j]!;
    for (let i = 1; i < d; i++) T[r + i + rd * (r + i - 1)] = 1;
  }
  const R = new Float64Array(rd);
  R[0] = 1;
  for (let i = 0; i < theta.length; i++) R[i + 1] = theta[i]!;
  const Z = new Float64Array(rd);
  Z[0] = 1;
  for (let j = 0; j < d; j++) Z[r + j] = delta[j]!;
  const a = Float64Array.from(state.a);
  const P = Float64Array.from(state.P);
  const anew = new Float64Array(rd);
  const mm = new Float64Array(rd * rd);
  const mean = new Float64Array(horizon);
  const variance = new Float64Array(horizon);
  for (let l = 0; l < horizon; l++) {
    let forecast = 0;
    for (let i = 0; i < rd; i++) {
      let tmp = 0;
      for (let k = 0; k < rd; k++) tmp += T[i + rd * k]! * a[k]!;
      anew[i] = tmp;
      forecast += tmp * Z[i]!;
    }
    a.set(anew);
    mean[l] = forecast;
    for (let i = 0; i < rd; i++) {
      for (let j = 0; j < rd; j++) {
        let tmp = 0;
        for (let k = 0; k < rd; k++) tmp += T[i + rd * k]! * P[k + rd * j]!;
        mm[i + rd * j] = tmp;
      }
    }
    let total = 0;
    for (let i = 0; i < rd; i++) {
      for (let j = 0; j < rd; j++) {
        let tmp = R[i]! * R[j]!;
        for (let k = 0; k < rd; k++) tmp += mm[i + rd * k]! * T[j + rd * k]!;
        P[i + rd * j] = tmp;
      }
    }
    for (let i = 0; i < rd; i++) for (let j = 0; j < rd; j++) total += Z[i]! * Z[j]! * P[i + rd * j]!;
    variance[l] = total;
  }
  return { mean, variance };
}
