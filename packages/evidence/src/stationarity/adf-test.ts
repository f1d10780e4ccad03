import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { applyQTranspose, householderQr } from '../internal/linear-algebra/householder-qr.js';
import { leastSquares, tailSumOfSquares } from '../internal/linear-algebra/least-squares.js';
import { isConstant } from '../internal/series-input.js';
import { mackinnonCriticalValues, mackinnonPValue } from './internal/mackinnon.js';

const inputSchema = z.object({
  values: z.array(z.number().refine(Number.isFinite, 'must be a finite number (no NaN or Infinity)')),
  /**
   * Number of lagged differences. Omit to choose 0..maxLag by AIC on a common sample (statsmodels
   * `autolag='AIC'`), with maxLag = ⌈12·(n/100)^¼⌉ (Schwert's rule) unless given.
   */
  lags: z.number().int().min(0).optional(),
  maxLag: z.number().int().min(0).optional(),
});

/** Input of {@link adfTest}. */
export type AdfTestInput = z.input<typeof inputSchema>;

/** Result of {@link adfTest}. */
export interface AdfTestResult {
  /** The t statistic of the lagged level: more negative is stronger evidence of stationarity. */
  readonly statistic: number;
  /** MacKinnon (1994) approximate p-value of the unit-root null. */
  readonly pValue: number;
  /** Lagged differences in the final regression. */
  readonly usedLag: number;
  /** Rows of the final regression. */
  readonly observations: number;
  /** MacKinnon (2010) finite-sample critical values. */
  readonly criticalValues: { readonly '1%': number; readonly '5%': number; readonly '10%': number };
}

/** Builds [1, level, Δ lags 1..lags] on the rows t = lags..n−2 of Δx_t = x_{t+1} − x_t, column-major. */
function design(
  values: readonly number[],
  lags: number,
): {
  matrix: Float64Array;
  response: Float64Array;
  rows: number;
  columns: number;
} {
  const differences = values.slice(1).map((value, index) => value - (values[index] as number));
  const rows = differences.length - lags;
  const columns = lags + 2;
  const matrix = new Float64Array(rows * columns);
  const firstOther = 1;
  matrix.fill(1, 0, rows);
  for (let i = 0; i < rows; i++) {
    const t = i + lags;
    matrix[firstOther * rows + i] = values[t] as number;
    for (let lag = 1; lag <= lags; lag++)
      matrix[(firstOther + lag) * rows + i] = differences[t - lag] as number;
  }
  return { matrix, response: Float64Array.from(differences.slice(lags)), rows, columns };
}

/**
 * Augmented Dickey–Fuller unit-root test with a constant, matching statsmodels
 * `adfuller(x, regression='c', autolag='AIC')` (or `autolag=None, maxlag=lags` when `lags` is given).
 *
 * @throws DyocenseError `invalid_input` for NaN or a constant series; `insufficient_data` when the series is
 * too short for the lags.
 * @example
 * const { pValue } = adfTest({ values: dailyOrders }); // > 0.05: difference before testing relations
 */
export function adfTest(input: AdfTestInput): AdfTestResult {
  const { values, lags, maxLag: requestedMax } = parseInput(inputSchema, input, 'ADF test input');
  const n = values.length;
  if (isConstant(values)) {
    throw new DyocenseError({ code: 'invalid_input', message: 'ADF test of a constant series is undefined' });
  }
  const schwert = Math.ceil(12 * (n / 100) ** 0.25);
  const maxLag = Math.min(Math.floor(n / 2) - 2, lags ?? requestedMax ?? schwert);
  if (maxLag < 0 || n - 1 - maxLag <= maxLag + 2) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `ADF test with ${lags ?? requestedMax ?? schwert} lags needs more than ${n} points`,
      details: { points: n },
    });
  }
  let usedLag = maxLag;
  if (lags === undefined) {
    // All candidate lags on the sample of the largest one, so their AICs are comparable; nested models share
    // one QR (a nested model's residuals are the rotated rows below its column count).
    const full = design(values, maxLag);
    const qr = householderQr(full.matrix, full.rows, full.columns);
    const rotated = Float64Array.from(full.response);
    applyQTranspose(qr, rotated);
    let best = Number.POSITIVE_INFINITY;
    for (let columns = 2; columns <= full.columns; columns++) {
      const ssr = tailSumOfSquares(rotated, columns);
      const aic = full.rows * (Math.log(2 * Math.PI) + Math.log(ssr / full.rows) + 1) + 2 * columns;
      if (aic < best) {
        best = aic;
        usedLag = columns - 2;
      }
    }
  }
  // With the level as the last column its t statistic is read straight off R: t = (Qᵀy)ₘ·sign(Rₘₘ)/σ.
  const reordered = design(values, usedLag);
  const last = reordered.columns - 1;
  const moved = new Float64Array(reordered.matrix.length);
  const rows = reordered.rows;
  moved.set(reordered.matrix.subarray(0, rows), 0); // constant
  moved.set(reordered.matrix.subarray(2 * rows), rows); // lagged differences
  moved.set(reordered.matrix.subarray(rows, 2 * rows), last * rows); // level
  const levelLast = leastSquares(moved, rows, reordered.columns, reordered.response);
  if (levelLast.qr.dependentColumn >= 0 || !(levelLast.residualSumOfSquares > 0)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'ADF regression is degenerate (the series is a deterministic pattern): the test is undefined',
    });
  }
  const sigma = Math.sqrt(levelLast.residualSumOfSquares / (rows - reordered.columns));
  const diagonal = levelLast.qr.factors[last * rows + last] as number;
  const statistic = ((levelLast.rotatedResponse[last] as number) * Math.sign(diagonal)) / sigma;
  return {
    statistic,
    pValue: mackinnonPValue(statistic),
    usedLag,
    observations: rows,
    criticalValues: mackinnonCriticalValues(rows),
  };
}
