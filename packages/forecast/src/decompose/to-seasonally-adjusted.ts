import { DyocenseError } from '@dyocense/core';
import { decomposeClassical } from './decompose-classical.js';
import { type SeasonalityTestResult, type SeasonalityTestRule, testSeasonality } from './test-seasonality.js';

/** Result of {@link toSeasonallyAdjusted}. */
export interface SeasonalAdjustment {
  /** True when the series was divided by seasonal indices. */
  readonly seasonal: boolean;
  /** The seasonality test that decided (period 1 reports "period below 2"). */
  readonly test: SeasonalityTestResult;
  /** Why the series was left unadjusted despite a seasonal test result, if it was. */
  readonly reason?: string;
  /** The history divided by its seasonal factors (a copy of the history when not seasonal). */
  readonly adjusted: readonly number[];
  /** The seasonal factor of each history observation (all 1 when not seasonal). */
  readonly factors: readonly number[];
  /** Multiplicative indices by position in the cycle (`[1]` when not seasonal). */
  readonly indices: readonly number[];
  /** Factors for steps 1..horizon after the history. */
  forecastFactors(horizon: number): number[];
}

/**
 * Seasonal adjustment as the M4 benchmarks and R's `thetaf` do it: run the 90% autocorrelation test and, when
 * it finds seasonality, divide by the indices of a classical multiplicative decomposition.
 *
 * Series with a negative value (with the `m4` rule: a zero or negative value), a moving average that reaches
 * zero, and decompositions with an index below 1e-4 (thetaf's guard) are left unadjusted with a `reason`: a
 * multiplicative decomposition is undefined for them.
 *
 * @param values - finite observations (validated by the caller).
 * @param period - seasonal period (1 for none).
 * @param rule - which variant of the test (see {@link SeasonalityTestRule}); default `'m4'`.
 * @example
 * const adjustment = toSeasonallyAdjusted(monthlySales, 12);
 * const reseasonalised = adjustment.forecastFactors(18).map((factor, step) => factor * flat[step]);
 */
export function toSeasonallyAdjusted(
  values: readonly number[],
  period: number,
  rule: SeasonalityTestRule = 'm4',
): SeasonalAdjustment {
  const n = values.length;
  const test = testSeasonality(values, period, rule);
  const unadjusted = (reason?: string): SeasonalAdjustment => ({
    seasonal: false,
    test,
    ...(reason === undefined ? {} : { reason }),
    adjusted: [...values],
    factors: new Array<number>(n).fill(1),
    indices: [1],
    forecastFactors: (horizon) => new Array<number>(horizon).fill(1),
  });
  if (!test.seasonal) return unadjusted();
  // R's thetaf decomposes series with zeros (the M4 code, through statsmodels, refuses them).
  const zerosAllowed = rule === 'thetaf';
  if (values.some((value) => (zerosAllowed ? value < 0 : value <= 0))) {
    return unadjusted(
      `seasonal by the test, but a multiplicative decomposition needs ${zerosAllowed ? 'non-negative' : 'strictly positive'} values`,
    );
  }
  let decomposition: ReturnType<typeof decomposeClassical>;
  try {
    decomposition = decomposeClassical(values, period, 'multiplicative');
  } catch (error) {
    // A stretch of zeros longer than a cycle makes the moving average zero.
    if (DyocenseError.isInstance(error) && error.code === 'invalid_input') {
      return unadjusted(
        `seasonal by the test, but ${error.message.charAt(0).toLowerCase()}${error.message.slice(1)}`,
      );
    }
    throw error;
  }
  if (decomposition.indices.some((index) => Math.abs(index) < 1e-4)) {
    return unadjusted('seasonal by the test, but a seasonal index is below 1e-4');
  }
  const { indices, seasonal } = decomposition;
  return {
    seasonal: true,
    test,
    adjusted: values.map((value, index) => value / (seasonal[index] as number)),
    factors: seasonal,
    indices,
    forecastFactors: (horizon) =>
      Array.from({ length: horizon }, (_, step) => indices[(n + step) % period] as number),
  };
}
