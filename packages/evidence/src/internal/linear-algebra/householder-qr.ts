/**
 * A thin Householder QR factorisation of an n × m column-major matrix (m ≤ n), as in LAPACK `dgeqr2`.
 *
 * We use our own small routine rather than ml-matrix's `QrDecomposition` because Granger tests update one
 * factorisation with many candidate columns (restricted model first, cause lags appended) and the Granger
 * benchmark runs tens of thousands of small regressions: flat `Float64Array`s avoid per-element calls.
 */
export interface HouseholderQr {
  readonly rows: number;
  readonly columns: number;
  /** Column-major: R on and above the diagonal, Householder vectors (implicit leading 1) below it. */
  readonly factors: Float64Array;
  readonly tau: Float64Array;
  /**
   * Index of the first column that is (numerically) a linear combination of the previous ones, or -1.
   * A column counts as dependent when its part orthogonal to the previous columns is below 1e-10 of its norm.
   */
  readonly dependentColumn: number;
}

const dependenceTolerance = 1e-10;

/** Factorises `matrix` (column-major, `rows × columns`), which it copies. */
export function householderQr(matrix: Float64Array, rows: number, columns: number): HouseholderQr {
  const factors = Float64Array.from(matrix.subarray(0, rows * columns));
  const tau = new Float64Array(columns);
  let dependentColumn = -1;
  for (let j = 0; j < columns; j++) {
    const offset = j * rows;
    // Earlier reflectors have been applied to this column; being orthogonal they keep its full norm, and the
    // part from row j down is what is left after projecting out the previous columns.
    let above = 0;
    for (let i = 0; i < j; i++) above += (factors[offset + i] as number) ** 2;
    let below = 0;
    for (let i = j; i < rows; i++) below += (factors[offset + i] as number) ** 2;
    const norm = Math.sqrt(below);
    const columnNorm = Math.sqrt(above + below);
    if (dependentColumn < 0 && !(norm > dependenceTolerance * columnNorm)) dependentColumn = j;
    const alpha = factors[offset + j] as number;
    if (norm === 0) {
      tau[j] = 0;
      continue;
    }
    const beta = alpha >= 0 ? -norm : norm;
    const scale = 1 / (alpha - beta);
    for (let i = j + 1; i < rows; i++) factors[offset + i] = (factors[offset + i] as number) * scale;
    tau[j] = (beta - alpha) / beta;
    factors[offset + j] = beta;
    applyReflector(factors, rows, j, tau[j] as number, factors, j + 1, columns);
  }
  return { rows, columns, factors, tau, dependentColumn };
}

/** Applies H_j = I − τ v vᵀ (v stored in column j of `factors` below the diagonal) to columns [from, to) of `target`. */
function applyReflector(
  factors: Float64Array,
  rows: number,
  j: number,
  tauJ: number,
  target: Float64Array,
  from: number,
  to: number,
): void {
  if (tauJ === 0) return;
  const vOffset = j * rows;
  // The hot loop of every Granger test: plain indices and no closures keep it monomorphic.
  for (let k = from; k < to; k++) {
    const offset = k * rows;
    let dot = target[offset + j] as number;
    for (let i = j + 1; i < rows; i++)
      dot += (factors[vOffset + i] as number) * (target[offset + i] as number);
    dot *= tauJ;
    target[offset + j] = (target[offset + j] as number) - dot;
    for (let i = j + 1; i < rows; i++)
      target[offset + i] = (target[offset + i] as number) - dot * (factors[vOffset + i] as number);
  }
}

/** Overwrites the `count` columns of `target` (column-major, `qr.rows` long each) with Qᵀ times them. */
export function applyQTranspose(qr: HouseholderQr, target: Float64Array, count = 1): void {
  for (let j = 0; j < qr.columns; j++) {
    applyReflector(qr.factors, qr.rows, j, qr.tau[j] as number, target, 0, count);
  }
}

/** Solves R x = c for the leading `columns` entries of `c` (back-substitution). */
export function solveUpper(qr: HouseholderQr, c: ArrayLike<number>): Float64Array {
  const m = qr.columns;
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let sum = c[i] as number;
    for (let k = i + 1; k < m; k++) sum -= (qr.factors[k * qr.rows + i] as number) * (x[k] as number);
    x[i] = sum / (qr.factors[i * qr.rows + i] as number);
  }
  return x;
}

/** (RᵀR)⁻¹ = (XᵀX)⁻¹ as a dense row-major m × m array, from R⁻¹ (the unscaled coefficient covariance). */
export function inverseGram(qr: HouseholderQr): Float64Array {
  const m = qr.columns;
  const rInverse = new Float64Array(m * m); // row-major upper triangular
  for (let column = 0; column < m; column++) {
    for (let i = column; i >= 0; i--) {
      let sum = i === column ? 1 : 0;
      for (let k = i + 1; k <= column; k++) {
        sum -= (qr.factors[k * qr.rows + i] as number) * (rInverse[k * m + column] as number);
      }
      rInverse[i * m + column] = sum / (qr.factors[i * qr.rows + i] as number);
    }
  }
  const result = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      let sum = 0;
      for (let k = j; k < m; k++) sum += (rInverse[i * m + k] as number) * (rInverse[j * m + k] as number);
      result[i * m + j] = sum;
      result[j * m + i] = sum;
    }
  }
  return result;
}
