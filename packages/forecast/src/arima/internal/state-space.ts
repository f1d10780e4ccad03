// biome-ignore-all lint/style/noNonNullAssertion: numeric kernel; every index is bounded by the loop limits.
import { rootsOutsideRadius } from './arima-parameters.js';

/**
 * The state-space form of an ARIMA model as R's `makeARIMA` builds it (Harvey's representation of the ARMA
 * part with `r = max(p, q + 1)` states, followed by `d` states that carry the differencing). Matrices are
 * column-major `Float64Array`s of size `rd * rd`. The Kalman filter overwrites `a`, `P` and `Pn`.
 */
export interface ArimaStateSpace {
  readonly phi: Float64Array;
  /** MA coefficients padded with zeros to `r - 1`. */
  readonly theta: Float64Array;
  /** Coefficients of the differencing polynomial: `y_t = sum delta_i y_{t-i} + w_t`. */
  readonly delta: Float64Array;
  readonly r: number;
  readonly rd: number;
  /** Filtered state mean. */
  readonly a: Float64Array;
  /** Filtered state covariance. */
  readonly P: Float64Array;
  /** Predicted state covariance; holds the initial covariance before filtering starts. */
  readonly Pn: Float64Array;
}

/** Diffuse prior variance of the differencing states (R's `kappa`). */
export const diffuseVariance = 1e6;

function includeRow(
  np: number,
  xnext: Float64Array,
  xrow: Float64Array,
  ynextIn: number,
  d: Float64Array,
  rbar: Float64Array,
  thetab: Float64Array,
): void {
  let ynext = ynextIn;
  for (let i = 0; i < np; i++) xrow[i] = xnext[i]!;
  let ithisr = 0;
  for (let i = 0; i < np; i++) {
    if (xrow[i] !== 0) {
      const xi = xrow[i]!;
      const di = d[i]!;
      const dpi = di + xi * xi;
      d[i] = dpi;
      const cbar = di / dpi;
      const sbar = xi / dpi;
      for (let k = i + 1; k < np; k++) {
        const xk = xrow[k]!;
        const rbthis = rbar[ithisr]!;
        xrow[k] = xk - xi * rbthis;
        rbar[ithisr++] = cbar * rbthis + sbar * xk;
      }
      const xk = ynext;
      ynext = xk - xi * thetab[i]!;
      thetab[i] = cbar * thetab[i]! + sbar * xk;
      if (di === 0) return;
    } else {
      ithisr = ithisr + np - i - 1;
    }
  }
}

/**
 * Stationary covariance of the ARMA state vector, the solution of `Q0 = T Q0 T' + R R'` (`r * r`,
 * column-major). Pure MA models use Gardner et al.'s exact back-substitution. Stationary models with an AR
 * part solve a linear system of size r for the first row of Q0 and get the rest by a back-recursion along the
 * diagonals (O(r^3) once, against O(r^6) for Gardner's Givens-rotation solver and about 3 log2(1 / (1 - rho))
 * dense r x r products for the doubling algorithm, which dominated the fit of seasonal AR models). A
 * non-stationary AR part, or a system too ill-conditioned to give a positive variance, goes to Gardner's
 * solver, as R's `getQ0` would.
 */
export function stationaryCovariance(phi: Float64Array, theta: Float64Array): Float64Array {
  const p = phi.length;
  const r = Math.max(p, theta.length + 1);
  if (p === 0 || r === 1 || !rootsOutsideRadius(phi, 1)) return gardnerCovariance(phi, theta);
  return firstRowCovariance(phi, theta, r) ?? gardnerCovariance(phi, theta);
}

/**
 * With T the companion-like transition (first column phi, ones above the diagonal),
 * `Q[i][j] = phi_i phi_j s_0 + phi_i s_{j+1} + phi_j s_{i+1} + R_i R_j + Q[i+1][j+1]`, where `s = Q[0][.]`
 * and entries with an index r or more are zero. Unrolling the diagonal recursion at i = 0 gives r linear
 * equations in s; the other entries then follow from the recursion itself.
 */
function firstRowCovariance(phi: Float64Array, theta: Float64Array, r: number): Float64Array | undefined {
  const coefficient = new Float64Array(r);
  coefficient.set(phi);
  const loading = new Float64Array(r);
  loading[0] = 1;
  for (let i = 1; i < r; i++) loading[i] = i - 1 < theta.length ? theta[i - 1]! : 0;
  // Row-major system matrix and right-hand side.
  const system = new Float64Array(r * r);
  const rhs = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    const row = j * r;
    system[row + j]! += 1;
    let right = 0;
    for (let k = 0; k + j < r; k++) {
      const phiK = coefficient[k]!;
      const phiJK = coefficient[j + k]!;
      system[row]! -= phiK * phiJK;
      if (j + k + 1 < r) system[row + j + k + 1]! -= phiK;
      if (k + 1 < r) system[row + k + 1]! -= phiJK;
      right += loading[k]! * loading[j + k]!;
    }
    rhs[j] = right;
  }
  // Gaussian elimination with partial pivoting.
  for (let column = 0; column < r; column++) {
    let pivot = column;
    let largest = Math.abs(system[column * r + column]!);
    for (let row = column + 1; row < r; row++) {
      const candidate = Math.abs(system[row * r + column]!);
      if (candidate > largest) {
        largest = candidate;
        pivot = row;
      }
    }
    if (!(largest > 0)) return undefined;
    if (pivot !== column) {
      for (let k = column; k < r; k++) {
        const swap = system[column * r + k]!;
        system[column * r + k] = system[pivot * r + k]!;
        system[pivot * r + k] = swap;
      }
      const swap = rhs[column]!;
      rhs[column] = rhs[pivot]!;
      rhs[pivot] = swap;
    }
    const diagonal = system[column * r + column]!;
    for (let row = column + 1; row < r; row++) {
      const factor = system[row * r + column]! / diagonal;
      if (factor === 0) continue;
      for (let k = column + 1; k < r; k++) system[row * r + k]! -= factor * system[column * r + k]!;
      rhs[row]! -= factor * rhs[column]!;
    }
  }
  const s = new Float64Array(r + 1);
  for (let row = r - 1; row >= 0; row--) {
    let value = rhs[row]!;
    for (let k = row + 1; k < r; k++) value -= system[row * r + k]! * s[k]!;
    s[row] = value / system[row * r + row]!;
  }
  if (!(s[0]! > 0) || !Number.isFinite(s[0]!)) return undefined;
  const Q = new Float64Array(r * r);
  const s0 = s[0]!;
  for (let i = r - 1; i >= 0; i--) {
    const phiI = coefficient[i]!;
    const nextI = s[i + 1]!;
    for (let j = r - 1; j >= i; j--) {
      const phiJ = coefficient[j]!;
      let value = phiI * phiJ * s0 + phiI * s[j + 1]! + phiJ * nextI + loading[i]! * loading[j]!;
      if (j + 1 < r) value += Q[i + 1 + r * (j + 1)]!;
      Q[i + r * j] = value;
      Q[j + r * i] = value;
    }
  }
  for (let i = 0; i < r; i++) if (!(Q[i + r * i]! >= 0) || !Number.isFinite(Q[i + r * i]!)) return undefined;
  return Q;
}

/**
 * Gardner, Harvey and Phillips (1980) solver for the stationary state covariance, exactly as R's `getQ0`
 * (the default `SSinit = "Gardner1980"`).
 */
export function gardnerCovariance(phi: Float64Array, theta: Float64Array): Float64Array {
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  const np = (r * (r + 1)) / 2;
  const nrbar = (np * (np - 1)) / 2;
  const V = new Float64Array(np);
  let ind = 0;
  for (let j = 0; j < r; j++) {
    const vj = j === 0 ? 1 : j - 1 < q ? theta[j - 1]! : 0;
    for (let i = j; i < r; i++) {
      const vi = i === 0 ? 1 : i - 1 < q ? theta[i - 1]! : 0;
      V[ind++] = vi * vj;
    }
  }
  const P = new Float64Array(r * r);
  if (r === 1) {
    P[0] = p === 0 ? 1 : 1 / (1 - phi[0]! * phi[0]!);
    return P;
  }
  if (p > 0) {
    const rbar = new Float64Array(nrbar);
    const thetab = new Float64Array(np);
    const xnext = new Float64Array(np);
    const xrow = new Float64Array(np);
    ind = 0;
    let ind1 = -1;
    const npr = np - r;
    const npr1 = npr + 1;
    let indj = npr;
    let ind2 = npr - 1;
    for (let j = 0; j < r; j++) {
      const phij = j < p ? phi[j]! : 0;
      xnext[indj++] = 0;
      let indi = npr1 + j;
      for (let i = j; i < r; i++) {
        const ynext = V[ind++]!;
        const phii = i < p ? phi[i]! : 0;
        if (j !== r - 1) {
          xnext[indj] = -phii;
          if (i !== r - 1) {
            xnext[indi]! -= phij;
            xnext[++ind1] = -1;
          }
        }
        xnext[npr] = -phii * phij;
        if (++ind2 >= np) ind2 = 0;
        xnext[ind2]! += 1;
        includeRow(np, xnext, xrow, ynext, P, rbar, thetab);
        xnext[ind2] = 0;
        if (i !== r - 1) {
          xnext[indi++] = 0;
          xnext[ind1] = 0;
        }
      }
    }
    let ithisr = nrbar - 1;
    let im = np - 1;
    for (let i = 0; i < np; i++) {
      let bi = thetab[im]!;
      let jm = np - 1;
      for (let j = 0; j < i; j++) bi -= rbar[ithisr--]! * P[jm--]!;
      P[im--] = bi;
    }
    // Re-order P.
    ind = npr;
    for (let i = 0; i < r; i++) xnext[i] = P[ind++]!;
    ind = np - 1;
    ind1 = npr - 1;
    for (let i = 0; i < npr; i++) P[ind--] = P[ind1--]!;
    for (let i = 0; i < r; i++) P[i] = xnext[i]!;
  } else {
    // Pure moving average: back-substitution.
    let indn = np;
    ind = np;
    for (let i = 0; i < r; i++) {
      for (let j = 0; j <= i; j++) {
        --ind;
        P[ind] = V[ind]!;
        if (j !== 0) P[ind]! += P[--indn]!;
      }
    }
  }
  // Unpack the packed upper triangle to a full symmetric matrix.
  ind = np;
  for (let i = r - 1; i > 0; i--) for (let j = r - 1; j >= i; j--) P[r * i + j] = P[--ind]!;
  for (let i = 0; i < r - 1; i++) for (let j = i + 1; j < r; j++) P[i + r * j] = P[j + r * i]!;
  return P;
}

/** Builds the state-space form (R's `makeARIMA`) with the stationary + diffuse initial covariance. */
export function createStateSpace(
  phi: Float64Array,
  theta: Float64Array,
  delta: Float64Array,
): ArimaStateSpace {
  const p = phi.length;
  const r = Math.max(p, theta.length + 1);
  const d = delta.length;
  const rd = r + d;
  const paddedTheta = new Float64Array(r - 1);
  paddedTheta.set(theta.subarray(0, Math.min(theta.length, r - 1)));
  const state: ArimaStateSpace = {
    phi: Float64Array.from(phi),
    theta: paddedTheta,
    delta,
    r,
    rd,
    a: new Float64Array(rd),
    P: new Float64Array(rd * rd),
    Pn: new Float64Array(rd * rd),
  };
  resetStateSpace(state);
  return state;
}

/** Replaces the ARMA coefficients (same orders) and restores the initial state. */
export function updateStateSpace(state: ArimaStateSpace, phi: Float64Array, theta: Float64Array): void {
  state.phi.set(phi);
  state.theta.fill(0);
  state.theta.set(theta.subarray(0, Math.min(theta.length, state.theta.length)));
  resetStateSpace(state);
}

/** Restores the initial state (zero mean; stationary covariance for the ARMA block, diffuse for the rest). */
export function resetStateSpace(state: ArimaStateSpace): void {
  const { r, rd, Pn, a, P } = state;
  a.fill(0);
  P.fill(0);
  Pn.fill(0);
  const q0 = stationaryCovariance(state.phi, state.theta);
  for (let j = 0; j < r; j++) for (let i = 0; i < r; i++) Pn[i + rd * j] = q0[i + r * j]!;
  for (let i = r; i < rd; i++) Pn[i + rd * i] = diffuseVariance;
}

/** Coefficients of `(1 - B)^d (1 - B^s)^D` written as `y_t - sum delta_i y_{t-i}` (R's `Delta`). */
export function differencingPolynomial(d: number, seasonalD: number, period: number): Float64Array {
  let polynomial = [1];
  const multiply = (factor: number[]): void => {
    const next = new Array<number>(polynomial.length + factor.length - 1).fill(0);
    for (let i = 0; i < polynomial.length; i++) {
      for (let j = 0; j < factor.length; j++) next[i + j]! += polynomial[i]! * factor[j]!;
    }
    polynomial = next;
  };
  for (let i = 0; i < d; i++) multiply([1, -1]);
  if (seasonalD > 0) {
    const seasonal = new Array<number>(period + 1).fill(0);
    seasonal[0] = 1;
    seasonal[period] = -1;
    for (let i = 0; i < seasonalD; i++) multiply(seasonal);
  }
  return Float64Array.from(polynomial.slice(1), (value) => -value);
}
