// biome-ignore-all lint/style/noNonNullAssertion: numeric kernel; every index is bounded by the loop limits.
import { polynomialRoots } from './polynomial.js';

/**
 * The orders of a seasonal ARMA(p, q)(P, Q)[s] on the differenced scale plus the differencing orders,
 * laid out as R's `arima()` `arma` vector: `[p, q, P, Q, s, d, D]`.
 */
export interface ArmaOrders {
  readonly p: number;
  readonly q: number;
  readonly seasonalP: number;
  readonly seasonalQ: number;
  readonly period: number;
  readonly d: number;
  readonly seasonalD: number;
}

/** Number of ARMA coefficients (p + q + P + Q). */
export function countArmaCoefficients(orders: ArmaOrders): number {
  return orders.p + orders.q + orders.seasonalP + orders.seasonalQ;
}

/**
 * Jones (1980) reparameterisation, as R's `partrans`: maps unconstrained values to the coefficients of a
 * stationary AR polynomial (tanh to partial autocorrelations, then the Durbin–Levinson recursion).
 */
function transformToStationary(raw: Float64Array, offset: number, order: number, out: Float64Array): void {
  const work = new Float64Array(order);
  for (let j = 0; j < order; j++) {
    const value = Math.tanh(raw[offset + j]!);
    out[offset + j] = value;
    work[j] = value;
  }
  for (let j = 1; j < order; j++) {
    const a = out[offset + j]!;
    for (let k = 0; k < j; k++) work[k]! -= a * out[offset + j - k - 1]!;
    for (let k = 0; k < j; k++) out[offset + k] = work[k]!;
  }
}

/** Inverse of {@link transformToStationary} (R's `invpartrans`). */
function transformFromStationary(
  coefficients: Float64Array,
  offset: number,
  order: number,
  out: Float64Array,
): void {
  const work = new Float64Array(order);
  for (let j = 0; j < order; j++) {
    out[offset + j] = coefficients[offset + j]!;
    work[j] = out[offset + j]!;
  }
  for (let j = order - 1; j > 0; j--) {
    const a = out[offset + j]!;
    for (let k = 0; k < j; k++) work[k] = (out[offset + k]! + a * out[offset + j - k - 1]!) / (1 - a * a);
    for (let k = 0; k < j; k++) out[offset + k] = work[k]!;
  }
  for (let j = 0; j < order; j++) out[offset + j] = Math.atanh(out[offset + j]!);
}

/** R's `ARIMA_undoPars`: applies the stationarity transform to the AR and seasonal AR blocks. */
export function undoTransform(parameters: Float64Array, orders: ArmaOrders): Float64Array {
  const out = Float64Array.from(parameters);
  if (orders.p > 0) transformToStationary(parameters, 0, orders.p, out);
  if (orders.seasonalP > 0) transformToStationary(parameters, orders.p + orders.q, orders.seasonalP, out);
  return out;
}

/** R's `ARIMA_Invtrans`: the inverse of {@link undoTransform}. */
export function invertTransform(parameters: Float64Array, orders: ArmaOrders): Float64Array {
  const out = Float64Array.from(parameters);
  if (orders.p > 0) transformFromStationary(parameters, 0, orders.p, out);
  if (orders.seasonalP > 0) transformFromStationary(parameters, orders.p + orders.q, orders.seasonalP, out);
  return out;
}

/** Expanded AR and MA polynomials of the multiplicative seasonal model (lengths p + sP and q + sQ). */
export interface ExpandedArma {
  readonly phi: Float64Array;
  readonly theta: Float64Array;
}

/**
 * R's `ARIMA_transPars`: multiplies out the seasonal ARMA polynomials (optionally after the stationarity
 * transform) into the full `phi` and `theta` vectors.
 */
export function expandArma(parameters: Float64Array, orders: ArmaOrders, transform: boolean): ExpandedArma {
  const { p: mp, q: mq, seasonalP: msp, seasonalQ: msq, period: ns } = orders;
  const params = transform ? undoTransform(parameters, orders) : parameters;
  const p = mp + ns * msp;
  const q = mq + ns * msq;
  const phi = new Float64Array(p);
  const theta = new Float64Array(q);
  for (let i = 0; i < mp; i++) phi[i] = params[i]!;
  for (let i = 0; i < mq; i++) theta[i] = params[i + mp]!;
  for (let j = 0; j < msp; j++) {
    const sar = params[j + mp + mq]!;
    phi[(j + 1) * ns - 1]! += sar;
    for (let i = 0; i < mp; i++) phi[(j + 1) * ns + i]! -= params[i]! * sar;
  }
  for (let j = 0; j < msq; j++) {
    const sma = params[j + mp + mq + msp]!;
    theta[(j + 1) * ns - 1]! += sma;
    for (let i = 0; i < mq; i++) theta[(j + 1) * ns + i]! += params[i + mp]! * sma;
  }
  return { phi, theta };
}

/**
 * True when all roots of `1 - c_1 z - ... - c_k z^k` lie strictly outside the circle of radius `radius`
 * (Schur–Cohn step-down: every reflection coefficient of the scaled polynomial is below 1 in modulus).
 * With `sign = -1` it tests `1 + c_1 z + ...` (an MA polynomial).
 */
export function rootsOutsideRadius(
  coefficients: ArrayLike<number>,
  radius: number,
  sign: 1 | -1 = 1,
): boolean {
  let order = coefficients.length;
  while (order > 0 && Math.abs(coefficients[order - 1]!) <= 1e-8) order--;
  if (order === 0) return true;
  let current = new Float64Array(order);
  let scale = 1;
  for (let i = 0; i < order; i++) {
    scale *= radius;
    current[i] = sign * coefficients[i]! * scale;
  }
  for (let k = order; k >= 1; k--) {
    const reflection = current[k - 1]!;
    if (!Number.isFinite(reflection) || Math.abs(reflection) >= 1) return false;
    const next = new Float64Array(k - 1);
    const denominator = 1 - reflection * reflection;
    for (let i = 0; i < k - 1; i++) next[i] = (current[i]! + reflection * current[k - 2 - i]!) / denominator;
    current = next;
  }
  return true;
}

/**
 * R's `maInvert`: reflects the roots of `1 + theta_1 z + ...` that lie inside the unit circle, giving the
 * invertible MA polynomial with the same autocovariances.
 */
export function invertMovingAverage(ma: readonly number[]): number[] {
  const q = ma.length;
  let q0 = q;
  while (q0 > 0 && ma[q0 - 1] === 0) q0--;
  if (q0 === 0) return [...ma];
  const roots = polynomialRoots([1, ...ma.slice(0, q0)]);
  if (roots.every((root) => Math.hypot(root.re, root.im) >= 1)) return [...ma];
  if (q0 === 1) return [1 / ma[0]!, ...new Array<number>(q - q0).fill(0)];
  let re = [1];
  let im = [0];
  for (const root of roots) {
    let rootRe = root.re;
    let rootIm = root.im;
    const modulus2 = rootRe * rootRe + rootIm * rootIm;
    if (modulus2 < 1) {
      rootRe = rootRe / modulus2;
      rootIm = -rootIm / modulus2;
    }
    // x <- c(x, 0) - c(0, x) / root
    const rootModulus2 = rootRe * rootRe + rootIm * rootIm;
    const inverseRe = rootRe / rootModulus2;
    const inverseIm = -rootIm / rootModulus2;
    const nextRe = new Array<number>(re.length + 1).fill(0);
    const nextIm = new Array<number>(re.length + 1).fill(0);
    for (let i = 0; i < re.length; i++) {
      nextRe[i]! += re[i]!;
      nextIm[i]! += im[i]!;
      nextRe[i + 1]! -= re[i]! * inverseRe - im[i]! * inverseIm;
      nextIm[i + 1]! -= re[i]! * inverseIm + im[i]! * inverseRe;
    }
    re = nextRe;
    im = nextIm;
  }
  return [...re.slice(1), ...new Array<number>(q - q0).fill(0)];
}
