import { DyocenseError, parseInput } from '@dyocense/core';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { z } from 'zod';
import { toSeriesMatrix, wideSeriesSchema } from '../internal/series-input.js';
import { fitVarDesign, residualCrossProduct } from './internal/var-design.js';

/** An information criterion for the VAR lag order. */
export type InformationCriterion = 'aic' | 'bic' | 'hqic' | 'fpe';

const inputSchema = z.object({
  series: wideSeriesSchema,
  /** Largest lag order to try; orders 0..maxLag are compared on the same last n − maxLag rows. */
  maxLag: z.number().int().min(1).max(60),
});

/** Input of {@link selectVarOrder}. */
export type SelectVarOrderInput = z.input<typeof inputSchema>;

/** Result of {@link selectVarOrder}. */
export interface VarOrderSelection {
  readonly maxLag: number;
  /** Rows used by every order: n − maxLag. */
  readonly observations: number;
  /** The order minimising each criterion (the smallest order on ties). */
  readonly selected: Readonly<Record<InformationCriterion, number>>;
  /** Criterion values for orders 0..maxLag. */
  readonly criteria: Readonly<Record<InformationCriterion, readonly number[]>>;
}

/** Log-determinant of a symmetric positive-definite matrix, or undefined when it is singular. */
export function logDeterminant(matrix: Float64Array, size: number): number | undefined {
  const rows = Array.from({ length: size }, (_, i) => Array.from(matrix.subarray(i * size, (i + 1) * size)));
  const cholesky = new CholeskyDecomposition(new Matrix(rows));
  if (!cholesky.isPositiveDefinite()) return undefined;
  const lower = cholesky.lowerTriangularMatrix;
  let sum = 0;
  for (let i = 0; i < size; i++) sum += Math.log(lower.get(i, i));
  return 2 * sum;
}

/** Validated core of {@link selectVarOrder}, for callers that already hold the transformed series. */
export function selectVarOrderValidated(series: readonly Float64Array[], maxLag: number): VarOrderSelection {
  const k = series.length;
  const n = (series[0] as Float64Array).length;
  const observations = n - maxLag;
  const largestColumns = 1 + k * maxLag;
  if (observations - largestColumns < 1) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `Choosing a VAR order up to ${maxLag} for ${k} series needs more than ${largestColumns + maxLag} points, got ${n}`,
      details: { points: n, maxLag, series: k },
    });
  }
  const fit = fitVarDesign(series, maxLag, maxLag);
  if (fit.qr.dependentColumn >= 0) {
    throw new DyocenseError({
      code: 'invalid_input',
      message:
        'The series are collinear (a constant series, or one series a linear combination of others): no VAR can be fitted',
    });
  }
  const criteria: Record<InformationCriterion, number[]> = { aic: [], bic: [], hqic: [], fpe: [] };
  for (let order = 0; order <= maxLag; order++) {
    const columns = 1 + k * order;
    const crossProduct = residualCrossProduct(fit, columns).map((value) => value / observations);
    const logDet = logDeterminant(crossProduct, k);
    if (logDet === undefined) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `The VAR(${order}) residuals are singular: one series is an exact function of the others`,
      });
    }
    const freeParameters = order * k * k + k;
    criteria.aic.push(logDet + (2 / observations) * freeParameters);
    criteria.bic.push(logDet + (Math.log(observations) / observations) * freeParameters);
    criteria.hqic.push(logDet + ((2 * Math.log(Math.log(observations))) / observations) * freeParameters);
    const residualDf = observations - columns;
    criteria.fpe.push(((observations + columns) / residualDf) ** k * Math.exp(logDet));
  }
  const argmin = (values: readonly number[]): number =>
    values.reduce((best, value, index) => (value < (values[best] as number) ? index : best), 0);
  return {
    maxLag,
    observations,
    selected: {
      aic: argmin(criteria.aic),
      bic: argmin(criteria.bic),
      hqic: argmin(criteria.hqic),
      fpe: argmin(criteria.fpe),
    },
    criteria,
  };
}

/**
 * Chooses the lag order of a VAR with a constant by AIC, BIC, HQIC and FPE, as statsmodels
 * `VAR(data).select_order(maxlags, trend='c')`: every order is fitted on the same last n − maxLag rows, and each
 * criterion is ln det Σ̂ + c·(p·k² + k)/n. Prefer BIC (with a floor of 1 for Granger tests): AIC picks the
 * largest order on daily business data.
 *
 * @throws DyocenseError `invalid_input` for NaN, unequal lengths, or constant/collinear series;
 * `insufficient_data` when n − maxLag does not exceed 1 + k·maxLag.
 * @example
 * selectVarOrder({ series: { spend, traffic, orders }, maxLag: 7 }).selected.bic; // e.g. 2
 */
export function selectVarOrder(input: SelectVarOrderInput): VarOrderSelection {
  const parsed = parseInput(inputSchema, input, 'VAR order selection input');
  const { values } = toSeriesMatrix(parsed.series);
  return selectVarOrderValidated(values, parsed.maxLag);
}
