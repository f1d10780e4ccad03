import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { studentTTwoSided } from '../internal/distributions/student-t-distribution.js';
import { inverseGram } from '../internal/linear-algebra/householder-qr.js';
import { leastSquares } from '../internal/linear-algebra/least-squares.js';

const finite = z.number().refine(Number.isFinite, 'must be a finite number (no NaN or Infinity)');

const olsInputSchema = z
  .object({
    /** Rows of regressors, one array per observation. */
    design: z.array(z.array(finite)).min(1),
    response: z.array(finite).min(1),
    /** Prepends a column of ones. Default `true`. */
    intercept: z.boolean().default(true),
  })
  .superRefine((input, context) => {
    if (input.design.length !== input.response.length) {
      context.addIssue({
        code: 'custom',
        path: ['response'],
        message: `has ${input.response.length} values but design has ${input.design.length} rows`,
      });
    }
    const width = input.design[0]?.length ?? 0;
    input.design.forEach((row, index) => {
      if (row.length !== width) {
        context.addIssue({
          code: 'custom',
          path: ['design', index],
          message: `has ${row.length} columns, the first row has ${width}`,
        });
      }
    });
  });

/** Input of {@link fitOls}. */
export type OlsInput = z.input<typeof olsInputSchema>;

/** An ordinary least-squares fit with classical (homoskedastic) inference, as statsmodels `OLS().fit()`. */
export interface OlsFit {
  /** Intercept first when `intercept` is true, then one per design column. */
  readonly coefficients: readonly number[];
  readonly standardErrors: readonly number[];
  readonly tStatistics: readonly number[];
  /** Two-sided p-values from Student's t with `residualDegreesOfFreedom`. */
  readonly pValues: readonly number[];
  readonly residuals: readonly number[];
  readonly residualSumOfSquares: number;
  readonly observations: number;
  /** n − number of coefficients. */
  readonly residualDegreesOfFreedom: number;
  /** Unbiased residual variance SSR / (n − k). */
  readonly residualVariance: number;
  /** Centred R² when there is an intercept, uncentred otherwise (statsmodels convention). */
  readonly rSquared: number;
  /** Gaussian log-likelihood at the MLE of the variance. */
  readonly logLikelihood: number;
  /** −2 log L + 2k. */
  readonly aic: number;
  /** −2 log L + k ln n. */
  readonly bic: number;
}

/**
 * Fits y = Xb + e by Householder QR (never the normal equations: revenue-sized columns square to 1e8 and
 * lose digits there).
 *
 * @throws DyocenseError `invalid_input` for NaN, ragged rows, a collinear design (naming the column) or an exact fit;
 * `insufficient_data` when there are not more observations than coefficients.
 * @example
 * const fit = fitOls({ design: [[1], [2], [3], [4]], response: [2.1, 3.9, 6.2, 7.9] });
 * fit.coefficients; // [intercept, slope]
 */
export function fitOls(input: OlsInput): OlsFit {
  const { design, response, intercept } = parseInput(olsInputSchema, input, 'OLS input');
  const rows = response.length;
  const width = design[0]?.length ?? 0;
  const columns = width + (intercept ? 1 : 0);
  if (columns === 0) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'OLS needs at least one regressor or an intercept',
    });
  }
  if (rows <= columns) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `OLS with ${columns} coefficients needs more than ${columns} observations, got ${rows}`,
    });
  }
  const matrix = new Float64Array(rows * columns);
  let column = 0;
  if (intercept) {
    matrix.fill(1, 0, rows);
    column = 1;
  }
  for (let j = 0; j < width; j++, column++) {
    for (let i = 0; i < rows; i++) matrix[column * rows + i] = (design[i] as number[])[j] as number;
  }
  const y = Float64Array.from(response);
  const fit = leastSquares(matrix, rows, columns, y);
  if (fit.qr.dependentColumn >= 0) {
    const index = fit.qr.dependentColumn;
    const name = intercept
      ? index === 0
        ? 'the intercept'
        : `design column ${index - 1}`
      : `design column ${index}`;
    throw new DyocenseError({
      code: 'invalid_input',
      message: `OLS design is collinear: ${name} is a linear combination of the columns before it (a constant column duplicates the intercept)`,
      details: { column: index },
    });
  }
  const coefficients = Array.from(fit.coefficients);
  const ssr = fit.residualSumOfSquares;
  let responseSquares = 0;
  for (const value of response) responseSquares += value * value;
  if (ssr <= 1e-24 * responseSquares) {
    throw new DyocenseError({
      code: 'invalid_input',
      message:
        'OLS response is an exact linear function of the regressors: standard errors and p-values are undefined',
    });
  }
  const residualDegreesOfFreedom = rows - columns;
  const residualVariance = ssr / residualDegreesOfFreedom;
  const unscaled = inverseGram(fit.qr);
  const standardErrors = coefficients.map((_, j) =>
    Math.sqrt(residualVariance * (unscaled[j * columns + j] as number)),
  );
  const tStatistics = coefficients.map((value, j) => value / (standardErrors[j] as number));
  const pValues = tStatistics.map((t) =>
    Number.isFinite(t) ? studentTTwoSided(t, residualDegreesOfFreedom) : 0,
  );
  const residuals = response.map((value, i) => {
    let fitted = 0;
    for (let j = 0; j < columns; j++)
      fitted += (matrix[j * rows + i] as number) * (coefficients[j] as number);
    return value - fitted;
  });
  let total = 0;
  const mean = intercept ? response.reduce((sum, value) => sum + value, 0) / rows : 0;
  for (const value of response) total += (value - mean) ** 2;
  const rSquared = total > 0 ? 1 - ssr / total : 1;
  const logLikelihood = -(rows / 2) * (Math.log(2 * Math.PI) + Math.log(ssr / rows) + 1);
  return {
    coefficients,
    standardErrors,
    tStatistics,
    pValues,
    residuals,
    residualSumOfSquares: ssr,
    observations: rows,
    residualDegreesOfFreedom,
    residualVariance,
    rSquared,
    logLikelihood,
    aic: -2 * logLikelihood + 2 * columns,
    bic: -2 * logLikelihood + Math.log(rows) * columns,
  };
}
