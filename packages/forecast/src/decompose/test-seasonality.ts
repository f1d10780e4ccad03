import { autocorrelation } from './autocorrelation.js';

/**
 * Which published variant of the 90% autocorrelation seasonality test to apply:
 * - `m4`: the M4 benchmark code (`SeasonalityTest`): critical value 1.645, runs when n >= 3 periods.
 * - `thetaf`: R's `forecast::thetaf`: critical value `qnorm(0.95)`, runs when n > 2 periods.
 */
export type SeasonalityTestRule = 'm4' | 'thetaf';

/** Outcome of {@link testSeasonality}. */
export interface SeasonalityTestResult {
  readonly seasonal: boolean;
  /** |r_m|, the absolute autocorrelation at the seasonal lag (0 when the test did not run). */
  readonly statistic: number;
  /** The critical value the statistic is compared with (0 when the test did not run). */
  readonly limit: number;
  /** Why the test did not run, when it did not. */
  readonly reason?: string;
}

const criticalValues: Record<SeasonalityTestRule, number> = { m4: 1.645, thetaf: 1.6448536269514722 };

/**
 * The 90% seasonality test of the M4 benchmarks and R's `thetaf`: the series is seasonal when
 * |r_m| > z · sqrt((1 + 2 · Σ_{k<m} r_k²) / n), with r_k the sample autocorrelations (Bartlett's standard error).
 *
 * @param values - equally spaced finite observations.
 * @param period - seasonal period m (observations per cycle); periods below 2 are never seasonal.
 * @param rule - `'m4'` (default) or `'thetaf'`, see {@link SeasonalityTestRule}.
 * @example
 * testSeasonality(monthlySales, 12).seasonal // true for a series with a yearly pattern
 */
export function testSeasonality(
  values: readonly number[],
  period: number,
  rule: SeasonalityTestRule = 'm4',
): SeasonalityTestResult {
  const n = values.length;
  if (period < 2) return { seasonal: false, statistic: 0, limit: 0, reason: 'period below 2' };
  const enough = rule === 'm4' ? n >= 3 * period : n > 2 * period;
  if (!enough) {
    const needed = rule === 'm4' ? `${3 * period}` : `${2 * period + 1}`;
    return {
      seasonal: false,
      statistic: 0,
      limit: 0,
      reason: `${n} observations; the test needs at least ${needed}`,
    };
  }
  const first = values[0] as number;
  if (values.every((value) => value === first)) {
    return { seasonal: false, statistic: 0, limit: 0, reason: 'constant series' };
  }
  const r = autocorrelation(values, period);
  let sumOfSquares = 0;
  for (let lag = 1; lag < period; lag += 1) sumOfSquares += (r[lag - 1] as number) ** 2;
  const limit = criticalValues[rule] * Math.sqrt((1 + 2 * sumOfSquares) / n);
  const statistic = Math.abs(r[period - 1] as number);
  return { seasonal: statistic > limit, statistic, limit };
}
