import {
  applyQTranspose,
  type HouseholderQr,
  householderQr,
} from '../../internal/linear-algebra/householder-qr.js';
import { tailSumOfSquares } from '../../internal/linear-algebra/least-squares.js';
import { grangerStatistics, type NotTestable, type PairwiseStatistics } from './pairwise-granger-test.js';

/**
 * Window sums of lagged products from prefix sums: every Granger design at every lag is made of windows of the
 * same few series, so one pass over a pair gives the cross-products of all lags (O(1) per entry afterwards).
 *
 * Series are centred first (the models all contain a constant, so this changes no fit) to keep the sums small.
 */
export interface CentredSeries {
  readonly values: Float64Array;
  /** sums[s] = Σ_{u<s} values[u]. */
  readonly sums: Float64Array;
  /** auto[d][s] = Σ_{u<s} values[u]·values[u+d] (0 past the end), d = 0..maxLag. */
  readonly auto: readonly Float64Array[];
}

/** Centres `raw` and builds its prefix sums and lagged auto-products up to `maxLag`. */
export function centreSeries(raw: Float64Array, maxLag: number): CentredSeries {
  const n = raw.length;
  let mean = 0;
  for (const value of raw) mean += value;
  mean /= n;
  const values = raw.map((value) => value - mean);
  const sums = new Float64Array(n + 1);
  for (let u = 0; u < n; u++) sums[u + 1] = (sums[u] as number) + (values[u] as number);
  const auto = Array.from({ length: maxLag + 1 }, (_, d) =>
    prefixProducts(values, values, d, new Float64Array(n + 1)),
  );
  return { values, sums, auto };
}

/** out[s] = Σ_{u<s} a[u]·b[u+shift], terms with u+shift outside b counted as 0. */
function prefixProducts(a: Float64Array, b: Float64Array, shift: number, out: Float64Array): Float64Array {
  const n = a.length;
  out[0] = 0;
  let total = 0;
  for (let u = 0; u < n; u++) {
    const v = u + shift;
    if (v >= 0 && v < n) total += (a[u] as number) * (b[v] as number);
    out[u + 1] = total;
  }
  return out;
}

/** Cross-products of one effect with one cause at shifts −maxLag..maxLag, reused for every lag. */
export class PairProducts {
  private readonly prefixes: Float64Array[];
  constructor(
    private readonly maxLag: number,
    length: number,
  ) {
    this.prefixes = Array.from({ length: 2 * maxLag + 1 }, () => new Float64Array(length + 1));
  }
  /** Fills cross[e][s] = Σ_{u<s} y[u]·x[u+e] for e = −maxLag..maxLag. */
  load(y: CentredSeries, x: CentredSeries): void {
    for (let e = -this.maxLag; e <= this.maxLag; e++)
      prefixProducts(y.values, x.values, e, this.prefixes[e + this.maxLag] as Float64Array);
  }
  /** Σ_{u=from}^{from+count−1} y[u]·x[u+e]. */
  window(e: number, from: number, count: number): number {
    const prefix = this.prefixes[e + this.maxLag] as Float64Array;
    return (prefix[from + count] as number) - (prefix[from] as number);
  }
}

/** The restricted model on centred data, [1, y_{t−1..t−lag}], with its triangular factor and coefficients. */
export interface CentredRestricted {
  readonly lag: number;
  readonly rows: number;
  /** Upper-triangular R (row-major (lag+1)²). */
  readonly r: Float64Array;
  readonly coefficients: Float64Array;
  /** Σ y_t² over the window (centred), to judge cancellation. */
  readonly totalSquares: number;
  /** Residual sum of squares of the restricted model. */
  readonly ssr: number;
}

export function fitCentredRestricted(y: CentredSeries, lag: number): CentredRestricted | undefined {
  const n = y.values.length;
  const rows = n - lag;
  const columns = lag + 1;
  const design = new Float64Array(rows * columns);
  design.fill(1, 0, rows);
  for (let k = 1; k <= lag; k++) design.set(y.values.subarray(lag - k, lag - k + rows), k * rows);
  const qr: HouseholderQr = householderQr(design, rows, columns);
  if (qr.dependentColumn >= 0) return undefined;
  const rotated = y.values.slice(lag);
  const totalSquares = tailSumOfSquares(rotated, 0);
  applyQTranspose(qr, rotated);
  const r = new Float64Array(columns * columns);
  for (let i = 0; i < columns; i++)
    for (let j = i; j < columns; j++) r[i * columns + j] = qr.factors[j * rows + i] as number;
  const coefficients = new Float64Array(columns);
  for (let i = columns - 1; i >= 0; i--) {
    let sum = rotated[i] as number;
    for (let k = i + 1; k < columns; k++) sum -= (r[i * columns + k] as number) * (coefficients[k] as number);
    coefficients[i] = sum / (r[i * columns + i] as number);
  }
  return { lag, rows, r, coefficients, totalSquares, ssr: tailSumOfSquares(rotated, columns) };
}

/** Digits the shortcut may lose before the exact QR test is used instead. */
const cancellationLimit = 1e-6;

/**
 * The ssr-based Granger tests of one cause at one lag from cross-products (Frisch–Waugh–Lovell): with A the
 * restricted design and C the cause lags, Z = C − A(AᵀA)⁻¹AᵀC, SSR_u = SSR_r − e_rᵀZ(ZᵀZ)⁻¹Zᵀe_r. Returns
 * `undefined` when cancellation could cost accuracy (the cause nearly explained by the effect's lags, or a
 * nearly exact fit), so the caller falls back to the exact Householder update.
 */
export function testCauseFromProducts(
  centred: CentredRestricted,
  x: CentredSeries,
  pair: PairProducts,
): PairwiseStatistics | NotTestable | undefined {
  const { lag, rows } = centred;
  const columns = lag + 1;
  if (centred.ssr < cancellationLimit * centred.totalSquares) return undefined;
  // AᵀC (columns × lag), column k−1 for the cause at lag k; row 0 is the constant, row i the effect at lag i.
  const aTc = new Float64Array(columns * lag);
  const cTy = new Float64Array(lag);
  const gram = new Float64Array(lag * lag);
  for (let k = 1; k <= lag; k++) {
    const start = lag - k;
    aTc[k - 1] = (x.sums[start + rows] as number) - (x.sums[start] as number);
    for (let i = 1; i <= lag; i++) aTc[i * lag + k - 1] = pair.window(i - k, lag - i, rows);
    cTy[k - 1] = pair.window(-k, lag, rows);
    for (let l = k; l <= lag; l++) {
      // Σ_t x[lag−k+t]·x[lag−l+t] = Σ_u x[u]·x[u+(l−k)]... with u starting at lag−l.
      const prefix = x.auto[l - k] as Float64Array;
      const value = (prefix[lag - l + rows] as number) - (prefix[lag - l] as number);
      gram[(k - 1) * lag + l - 1] = value;
      gram[(l - 1) * lag + k - 1] = value;
    }
  }
  // P = R⁻ᵀ AᵀC (forward substitution down the columns of R), so that ZᵀZ = CᵀC − PᵀP.
  const r = centred.r;
  const p = new Float64Array(columns * lag);
  for (let c = 0; c < lag; c++) {
    for (let i = 0; i < columns; i++) {
      let sum = aTc[i * lag + c] as number;
      for (let k = 0; k < i; k++) sum -= (r[k * columns + i] as number) * (p[k * lag + c] as number);
      p[i * lag + c] = sum / (r[i * columns + i] as number);
    }
  }
  // Zᵀe_r = Cᵀy − (AᵀC)ᵀβ_r, since e_r is orthogonal to A.
  const zTe = new Float64Array(lag);
  for (let c = 0; c < lag; c++) {
    let sum = cTy[c] as number;
    for (let i = 0; i < columns; i++)
      sum -= (aTc[i * lag + c] as number) * (centred.coefficients[i] as number);
    zTe[c] = sum;
  }
  // Cholesky of ZᵀZ, in place (lower triangle, row-major).
  const chol = new Float64Array(lag * lag);
  for (let i = 0; i < lag; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = gram[i * lag + j] as number;
      for (let k = 0; k < columns; k++) sum -= (p[k * lag + i] as number) * (p[k * lag + j] as number);
      for (let k = 0; k < j; k++) sum -= (chol[i * lag + k] as number) * (chol[j * lag + k] as number);
      if (i === j) {
        if (!(sum > cancellationLimit * (gram[i * lag + i] as number))) return undefined;
        chol[i * lag + i] = Math.sqrt(sum);
      } else chol[i * lag + j] = sum / (chol[j * lag + j] as number);
    }
  }
  const w = new Float64Array(lag);
  let quadratic = 0;
  for (let i = 0; i < lag; i++) {
    let sum = zTe[i] as number;
    for (let k = 0; k < i; k++) sum -= (chol[i * lag + k] as number) * (w[k] as number);
    w[i] = sum / (chol[i * lag + i] as number);
    quadratic += (w[i] as number) ** 2;
  }
  const ssrRestricted = centred.ssr;
  const ssrUnrestricted = ssrRestricted - quadratic;
  if (!(ssrUnrestricted > cancellationLimit * ssrRestricted)) return undefined;
  const coefficients = new Float64Array(lag);
  for (let i = lag - 1; i >= 0; i--) {
    let sum = w[i] as number;
    for (let k = i + 1; k < lag; k++) sum -= (chol[k * lag + i] as number) * (coefficients[k] as number);
    coefficients[i] = sum / (chol[i * lag + i] as number);
  }
  return grangerStatistics({
    observations: rows,
    lag,
    dfDenominator: rows - 2 * lag - 1,
    ssrRestricted,
    ssrUnrestricted,
    reduction: quadratic,
    coefficients,
  });
}
