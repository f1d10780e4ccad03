import { chiSquareSurvival } from '../../internal/distributions/chi-square-distribution.js';
import { fSurvival } from '../../internal/distributions/f-distribution.js';
import {
  applyQTranspose,
  type HouseholderQr,
  householderQr,
  solveUpper,
} from '../../internal/linear-algebra/householder-qr.js';
import { tailSumOfSquares } from '../../internal/linear-algebra/least-squares.js';

/** A statistic with its p-value. */
export interface TestStatistic {
  readonly statistic: number;
  readonly pValue: number;
}

/** The four statsmodels `grangercausalitytests` statistics for one ordered pair and lag. */
export interface PairwiseStatistics {
  readonly testable: true;
  readonly observations: number;
  /** ssr-based F, the one to report: F(lag, n − 3·lag − 1). */
  readonly fStatistic: number;
  readonly pValue: number;
  readonly dfNumerator: number;
  readonly dfDenominator: number;
  /** (n − lag)(SSR_r − SSR_u)/SSR_u against χ²(lag); anti-conservative in small samples. */
  readonly chiSquare: TestStatistic;
  /** (n − lag)·ln(SSR_r/SSR_u) against χ²(lag). */
  readonly likelihoodRatio: TestStatistic;
  /** Wald F on the cause coefficients (equal to the ssr F up to rounding). */
  readonly parameterF: TestStatistic;
  readonly ssrRestricted: number;
  readonly ssrUnrestricted: number;
  /** Coefficients of cause lags 1..lag in the unrestricted model. */
  readonly causeCoefficients: readonly number[];
}

/** Why a pair could not be tested (statsmodels raises `InfeasibleTestError` in the same cases). */
export interface NotTestable {
  readonly testable: false;
  readonly reason: string;
}

/** The restricted model y_t ~ 1 + y_{t−1..t−lag}, shared by every cause of one effect at one lag. */
export interface RestrictedModel {
  readonly lag: number;
  readonly rows: number;
  readonly qr: HouseholderQr;
  readonly rotatedResponse: Float64Array;
  readonly ssr: number;
}

/** Fits the restricted model, or explains why the effect cannot be modelled at this lag. */
export function fitRestricted(effect: Float64Array, lag: number): RestrictedModel | NotTestable {
  const rows = effect.length - lag;
  const columns = lag + 1;
  const design = new Float64Array(rows * columns);
  for (let k = 1; k <= lag; k++) design.set(effect.subarray(lag - k, lag - k + rows), (k - 1) * rows);
  design.fill(1, lag * rows, columns * rows);
  const qr = householderQr(design, rows, columns);
  if (qr.dependentColumn >= 0) {
    return {
      testable: false,
      reason: 'the effect is constant or its own lags are collinear over the sample',
    };
  }
  const rotatedResponse = effect.slice(lag);
  applyQTranspose(qr, rotatedResponse);
  return { lag, rows, qr, rotatedResponse, ssr: tailSumOfSquares(rotatedResponse, columns) };
}

/**
 * Adds the cause's lags to a restricted model and computes the four tests.
 *
 * The unrestricted design [own lags, 1, cause lags] is factorised block-wise: the restricted reflectors are
 * applied to the cause lags, then the remaining rows are factorised. This is exactly the Householder QR of the
 * whole design, at a fraction of the cost when one effect is tested against many causes.
 */
export function testCause(
  restricted: RestrictedModel,
  cause: Float64Array,
): PairwiseStatistics | NotTestable {
  const { lag, rows } = restricted;
  const ownColumns = lag + 1;
  const block = new Float64Array(rows * lag);
  for (let k = 1; k <= lag; k++) block.set(cause.subarray(lag - k, lag - k + rows), (k - 1) * rows);
  const causeNorms = new Float64Array(lag);
  for (let k = 0; k < lag; k++)
    causeNorms[k] = Math.sqrt(tailSumOfSquares(block.subarray(k * rows, (k + 1) * rows), 0));
  applyQTranspose(restricted.qr, block, lag);
  const remainingRows = rows - ownColumns;
  const remaining = new Float64Array(remainingRows * lag);
  for (let k = 0; k < lag; k++)
    remaining.set(block.subarray(k * rows + ownColumns, (k + 1) * rows), k * remainingRows);
  const inner = householderQr(remaining, remainingRows, lag);
  for (let k = 0; k < lag; k++) {
    // Judge dependence against the cause column's full norm, not what is left after the own lags.
    const diagonal = Math.abs(inner.factors[k * remainingRows + k] as number);
    if (!(diagonal > 1e-10 * (causeNorms[k] as number))) {
      return {
        testable: false,
        reason: 'the cause is constant or its lags are collinear with the effect’s own lags',
      };
    }
  }
  const rotated = restricted.rotatedResponse.slice(ownColumns);
  applyQTranspose(inner, rotated);
  const ssrUnrestricted = tailSumOfSquares(rotated, lag);
  const ssrRestricted = restricted.ssr;
  const observations = rows;
  const dfDenominator = rows - 2 * lag - 1;
  if (!(ssrUnrestricted > 1e-26 * ssrRestricted) || ssrRestricted === 0) {
    return { testable: false, reason: 'the unrestricted model fits the effect exactly' };
  }
  const coefficients = solveUpper(inner, rotated);
  // Wald form b'(R'R)b / (lag·σ²), with R the cause block of the triangular factor.
  let quadratic = 0;
  for (let i = 0; i < lag; i++) {
    let value = 0;
    for (let k = i; k < lag; k++)
      value += (inner.factors[k * remainingRows + i] as number) * (coefficients[k] as number);
    quadratic += value * value;
  }
  return grangerStatistics({
    observations,
    lag,
    dfDenominator,
    ssrRestricted,
    ssrUnrestricted,
    parameterF: quadratic / lag / (ssrUnrestricted / dfDenominator),
    coefficients,
  });
}

/**
 * The four statsmodels Granger tests from the restricted and unrestricted sums of squares (ssr F, chi², LR) and
 * the Wald statistic of the cause coefficients (params F), shared by the exact and the cross-product paths.
 */
export function grangerStatistics(fit: {
  readonly observations: number;
  readonly lag: number;
  readonly dfDenominator: number;
  readonly ssrRestricted: number;
  readonly ssrUnrestricted: number;
  /** The SSR reduction when computed directly (cross-products); default `ssrRestricted − ssrUnrestricted`. */
  readonly reduction?: number;
  /** The Wald params F; omitted where it equals the ssr F exactly (bᵀ(ZᵀZ)b is the SSR reduction). */
  readonly parameterF?: number;
  readonly coefficients: ArrayLike<number>;
}): PairwiseStatistics {
  const { observations, lag, dfDenominator, ssrRestricted, ssrUnrestricted } = fit;
  const reduction = Math.max(0, fit.reduction ?? ssrRestricted - ssrUnrestricted);
  const fStatistic = reduction / lag / (ssrUnrestricted / dfDenominator);
  const parameterF = fit.parameterF ?? fStatistic;
  const chiSquare = (observations * reduction) / ssrUnrestricted;
  const likelihoodRatio = observations * Math.log(ssrRestricted / ssrUnrestricted);
  return {
    testable: true,
    observations,
    fStatistic,
    pValue: fSurvival(fStatistic, lag, dfDenominator),
    dfNumerator: lag,
    dfDenominator,
    chiSquare: { statistic: chiSquare, pValue: chiSquareSurvival(chiSquare, lag) },
    likelihoodRatio: { statistic: likelihoodRatio, pValue: chiSquareSurvival(likelihoodRatio, lag) },
    parameterF: { statistic: parameterF, pValue: fSurvival(parameterF, lag, dfDenominator) },
    ssrRestricted,
    ssrUnrestricted,
    causeCoefficients: Array.from(fit.coefficients),
  };
}
