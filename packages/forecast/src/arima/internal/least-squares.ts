// biome-ignore-all lint/style/noNonNullAssertion: numeric kernel; every index is bounded by the loop limits.

/** Ordinary least squares fit. */
export interface LeastSquaresFit {
  readonly coefficients: Float64Array;
  /** Standard errors of the coefficients (`sqrt(s^2 (X'X)^-1)`), 0 when there are no residual degrees of freedom. */
  readonly standardErrors: Float64Array;
  readonly residuals: Float64Array;
}

/**
 * Least squares of `y` on the columns of `X` (`columns[j][t]`) by Householder QR. Returns `undefined` when
 * `X` is rank deficient (relative tolerance 1e-7, as R's `lm`) or has no more rows than columns.
 */
export function leastSquares(columns: readonly Float64Array[], y: Float64Array): LeastSquaresFit | undefined {
  const n = y.length;
  const k = columns.length;
  if (n < k || k === 0) return undefined;
  const A = columns.map((column) => Float64Array.from(column));
  const b = Float64Array.from(y);
  const diagonal = new Float64Array(k);
  const norms = A.map((column) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += column[i]! * column[i]!;
    return Math.sqrt(sum);
  });
  for (let j = 0; j < k; j++) {
    const column = A[j]!;
    let norm = 0;
    for (let i = j; i < n; i++) norm += column[i]! * column[i]!;
    norm = Math.sqrt(norm);
    if (!(norm > 1e-7 * Math.max(norms[j]!, Number.MIN_VALUE))) return undefined;
    const alpha = column[j]! > 0 ? -norm : norm;
    column[j]! -= alpha;
    let vNorm2 = 0;
    for (let i = j; i < n; i++) vNorm2 += column[i]! * column[i]!;
    const apply = (target: Float64Array): void => {
      let dot = 0;
      for (let i = j; i < n; i++) dot += column[i]! * target[i]!;
      const factor = (2 * dot) / vNorm2;
      for (let i = j; i < n; i++) target[i]! -= factor * column[i]!;
    };
    for (let other = j + 1; other < k; other++) apply(A[other]!);
    apply(b);
    diagonal[j] = alpha;
  }
  // R is upper triangular: R[i][j] = A[j][i] for i < j, R[j][j] = diagonal[j].
  const coefficients = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let j = i + 1; j < k; j++) sum -= A[j]![i]! * coefficients[j]!;
    coefficients[i] = sum / diagonal[i]!;
  }
  const residuals = Float64Array.from(y);
  for (let j = 0; j < k; j++) {
    const column = columns[j]!;
    const coefficient = coefficients[j]!;
    for (let t = 0; t < n; t++) residuals[t]! -= coefficient * column[t]!;
  }
  const standardErrors = new Float64Array(k);
  if (n > k) {
    let rss = 0;
    for (let t = 0; t < n; t++) rss += residuals[t]! * residuals[t]!;
    const s2 = rss / (n - k);
    // (X'X)^-1 = R^-1 R^-T; the diagonal is the squared norm of each row of R^-1.
    const inverse = new Float64Array(k * k);
    for (let column = 0; column < k; column++) {
      for (let i = k - 1; i >= 0; i--) {
        let sum = i === column ? 1 : 0;
        for (let j = i + 1; j < k; j++) sum -= A[j]![i]! * inverse[j * k + column]!;
        inverse[i * k + column] = sum / diagonal[i]!;
      }
    }
    for (let i = 0; i < k; i++) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += inverse[i * k + j]! ** 2;
      standardErrors[i] = Math.sqrt(s2 * sum);
    }
  }
  return { coefficients, standardErrors, residuals };
}

/**
 * Eigenvectors of the symmetric matrix `X'X` (cyclic Jacobi), ordered by decreasing eigenvalue: the right
 * singular vectors of `X`, as R's `svd(X)$v` up to signs. Returned column-major (`v[i + k * j]`).
 */
export function rightSingularVectors(columns: readonly Float64Array[]): Float64Array {
  const k = columns.length;
  const A = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let sum = 0;
      const a = columns[i]!;
      const b = columns[j]!;
      for (let t = 0; t < a.length; t++) sum += a[t]! * b[t]!;
      A[i + k * j] = sum;
      A[j + k * i] = sum;
    }
  }
  const V = new Float64Array(k * k);
  for (let i = 0; i < k; i++) V[i + k * i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) offDiagonal += A[i + k * j]! ** 2;
    if (offDiagonal < 1e-30) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = A[p + k * q]!;
        if (apq === 0) continue;
        const theta = (A[q + k * q]! - A[p + k * p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = A[r + k * p]!;
          const arq = A[r + k * q]!;
          A[r + k * p] = c * arp - s * arq;
          A[r + k * q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = A[p + k * r]!;
          const aqr = A[q + k * r]!;
          A[p + k * r] = c * apr - s * aqr;
          A[q + k * r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = V[r + k * p]!;
          const vrq = V[r + k * q]!;
          V[r + k * p] = c * vrp - s * vrq;
          V[r + k * q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => A[j + k * j]! - A[i + k * i]!);
  const sorted = new Float64Array(k * k);
  order.forEach((source, target) => {
    for (let r = 0; r < k; r++) sorted[r + k * target] = V[r + k * source]!;
  });
  return sorted;
}
