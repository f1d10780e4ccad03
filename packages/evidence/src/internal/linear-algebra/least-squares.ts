import { applyQTranspose, type HouseholderQr, householderQr, solveUpper } from './householder-qr.js';

/** A least-squares fit y ≈ X b by Householder QR. */
export interface LeastSquaresFit {
  readonly qr: HouseholderQr;
  readonly coefficients: Float64Array;
  /** Qᵀy: the first `columns` entries give the fit, the rest are rotated residuals. */
  readonly rotatedResponse: Float64Array;
  readonly residualSumOfSquares: number;
}

/** Sum of squares of `values[from..]`. */
export function tailSumOfSquares(values: Float64Array, from: number): number {
  let sum = 0;
  for (let i = from; i < values.length; i++) sum += (values[i] as number) ** 2;
  return sum;
}

/**
 * Fits y ≈ X b. `design` is column-major `rows × columns`. The caller checks `qr.dependentColumn` before trusting
 * the coefficients of a rank-deficient design.
 */
export function leastSquares(
  design: Float64Array,
  rows: number,
  columns: number,
  response: Float64Array,
): LeastSquaresFit {
  const qr = householderQr(design, rows, columns);
  const rotatedResponse = Float64Array.from(response);
  applyQTranspose(qr, rotatedResponse);
  const coefficients =
    qr.dependentColumn < 0 ? solveUpper(qr, rotatedResponse) : new Float64Array(columns).fill(Number.NaN);
  return {
    qr,
    coefficients,
    rotatedResponse,
    residualSumOfSquares: tailSumOfSquares(rotatedResponse, columns),
  };
}
