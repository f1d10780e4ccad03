import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { fSurvival } from '../../internal/distributions/f-distribution.js';
import { inverseGram, solveUpper } from '../../internal/linear-algebra/householder-qr.js';
import { fitVarDesign, residualCrossProduct } from '../../var/internal/var-design.js';

/** Conditional (VAR) Granger test of one ordered pair, controlling for the lags of every other series. */
export interface ConditionalStatistics {
  readonly cause: number;
  readonly effect: number;
  readonly lag: number;
  /** Wald statistic / lag. */
  readonly fStatistic: number;
  /** Against F(lag, k·df_resid): statsmodels `VARResults.test_causality(kind='f')` (Lütkepohl). */
  readonly pValue: number;
  readonly dfNumerator: number;
  readonly dfDenominator: number;
  /** Against F(lag, df_resid): the single-equation OLS version of the same statistic. */
  readonly singleEquationPValue: number;
  readonly singleEquationDfDenominator: number;
  /** Sum of the cause's lag coefficients in the effect equation (its sign is the edge sign). */
  readonly coefficientSum: number;
}

/** A VAR(lag) with a constant, factorised once so any set of causes can be tested against any effect. */
export interface ConditionalModel {
  readonly lag: number;
  readonly variables: number;
  readonly columns: number;
  readonly residualDf: number;
  /** Residual cross-products, row-major k × k. */
  readonly crossProduct: Float64Array;
  /** (XᵀX)⁻¹, row-major columns × columns. */
  readonly unscaled: Float64Array;
  /** Coefficients of each variable's equation. */
  readonly coefficients: readonly Float64Array[];
}

/** Fits the VAR(lag) on rows lag..n−1; `undefined` when the design is collinear. */
export function fitConditionalModel(
  series: readonly Float64Array[],
  lag: number,
): ConditionalModel | undefined {
  const k = series.length;
  const fit = fitVarDesign(series, lag, lag);
  if (fit.qr.dependentColumn >= 0) return undefined;
  const columns = 1 + k * lag;
  return {
    lag,
    variables: k,
    columns,
    residualDf: fit.observations - columns,
    crossProduct: residualCrossProduct(fit, columns),
    unscaled: inverseGram(fit.qr),
    coefficients: series.map((_, effect) =>
      solveUpper(fit.qr, fit.rotated.subarray(effect * fit.observations, (effect + 1) * fit.observations)),
    ),
  };
}

/**
 * Joint Wald test that the lags of every series in `causes` are zero in `effect`'s equation (2·lag degrees of
 * freedom for two causes). Used for near-copies (orders and revenue), whose separate conditional tests each
 * lose the signal to the other.
 */
export function jointConditionalTest(
  model: ConditionalModel,
  causes: readonly number[],
  effect: number,
): {
  readonly fStatistic: number;
  readonly pValue: number;
  readonly dfNumerator: number;
  readonly dfDenominator: number;
} {
  const { lag, variables: k, columns } = model;
  const indices = causes.flatMap((cause) => Array.from({ length: lag }, (_, l) => 1 + l * k + cause));
  const block = new Matrix(indices.map((i) => indices.map((j) => model.unscaled[i * columns + j] as number)));
  const effectCoefficients = model.coefficients[effect] as Float64Array;
  const b = indices.map((i) => effectCoefficients[i] as number);
  const solved = new CholeskyDecomposition(block).solve(Matrix.columnVector(b));
  let quadratic = 0;
  for (let i = 0; i < indices.length; i++) quadratic += (b[i] as number) * solved.get(i, 0);
  const variance = (model.crossProduct[effect * k + effect] as number) / model.residualDf;
  const q = indices.length;
  const fStatistic = quadratic / variance / q;
  return {
    fStatistic,
    pValue: fSurvival(fStatistic, q, k * model.residualDf),
    dfNumerator: q,
    dfDenominator: k * model.residualDf,
  };
}

/**
 * Wald tests of "the cause's lags are all zero in the effect's equation" of a VAR(lag) with a constant fitted on
 * rows lag..n−1, for every ordered pair. Returns `undefined` when the design is collinear.
 */
export function conditionalGrangerTests(
  series: readonly Float64Array[],
  lag: number,
  model: ConditionalModel | undefined = fitConditionalModel(series, lag),
): ConditionalStatistics[] | undefined {
  if (model === undefined) return undefined;
  const k = series.length;
  const { columns, residualDf, crossProduct, unscaled, coefficients } = model;
  const results: ConditionalStatistics[] = [];
  for (let cause = 0; cause < k; cause++) {
    const indices = Array.from({ length: lag }, (_, l) => 1 + l * k + cause);
    const block = new Matrix(indices.map((i) => indices.map((j) => unscaled[i * columns + j] as number)));
    const cholesky = new CholeskyDecomposition(block);
    for (let effect = 0; effect < k; effect++) {
      if (effect === cause) continue;
      const effectCoefficients = coefficients[effect] as Float64Array;
      const b = indices.map((i) => effectCoefficients[i] as number);
      const solved = cholesky.solve(Matrix.columnVector(b));
      let quadratic = 0;
      for (let i = 0; i < lag; i++) quadratic += (b[i] as number) * solved.get(i, 0);
      const variance = (crossProduct[effect * k + effect] as number) / residualDf;
      const fStatistic = quadratic / variance / lag;
      results.push({
        cause,
        effect,
        lag,
        fStatistic,
        pValue: fSurvival(fStatistic, lag, k * residualDf),
        dfNumerator: lag,
        dfDenominator: k * residualDf,
        singleEquationPValue: fSurvival(fStatistic, lag, residualDf),
        singleEquationDfDenominator: residualDf,
        coefficientSum: b.reduce((sum, value) => sum + value, 0),
      });
    }
  }
  return results;
}
