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

/**
 * Wald tests of "the cause's lags are all zero in the effect's equation" of a VAR(lag) with a constant fitted on
 * rows lag..n−1, for every ordered pair. Returns `undefined` when the design is collinear.
 */
export function conditionalGrangerTests(
  series: readonly Float64Array[],
  lag: number,
): ConditionalStatistics[] | undefined {
  const k = series.length;
  const fit = fitVarDesign(series, lag, lag);
  if (fit.qr.dependentColumn >= 0) return undefined;
  const columns = 1 + k * lag;
  const residualDf = fit.observations - columns;
  const crossProduct = residualCrossProduct(fit, columns);
  const unscaled = inverseGram(fit.qr);
  const coefficients = series.map((_, effect) =>
    solveUpper(fit.qr, fit.rotated.subarray(effect * fit.observations, (effect + 1) * fit.observations)),
  );
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
