// biome-ignore-all lint/style/noNonNullAssertion: numeric kernel; every index is bounded by the loop limits.
import { DyocenseError } from '@dyocense/core';
import { seasonalStrength } from '../../mstl/seasonal-strength.js';

/** True when every value equals the first (R's `forecast:::is.constant`). */
export function isConstant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/** Lag-`lag` differences, `times` times. */
export function differenceSeries(values: ArrayLike<number>, lag: number, times: number): Float64Array {
  let current: Float64Array = Float64Array.from(values);
  for (let k = 0; k < times; k++) {
    const next = new Float64Array(Math.max(current.length - lag, 0));
    for (let t = 0; t < next.length; t++) next[t] = current[t + lag]! - current[t]!;
    current = next;
  }
  return current;
}

/**
 * KPSS level-stationarity statistic (Kwiatkowski et al. 1992) as `urca::ur.kpss(type = "mu")` computes it,
 * with the Bartlett long-run variance at `trunc(3 sqrt(n) / 13)` lags (R's `ndiffs` default).
 */
export function kpssStatistic(values: ArrayLike<number>): number {
  const n = values.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += values[t]!;
  mean /= n;
  const residuals = new Float64Array(n);
  for (let t = 0; t < n; t++) residuals[t] = values[t]! - mean;
  let partial = 0;
  let eta = 0;
  let s2 = 0;
  for (let t = 0; t < n; t++) {
    partial += residuals[t]!;
    eta += partial * partial;
    s2 += residuals[t]! * residuals[t]!;
  }
  eta /= n * n;
  s2 /= n;
  const lags = Math.trunc((3 * Math.sqrt(n)) / 13);
  for (let i = 1; i <= lags; i++) {
    let cross = 0;
    for (let t = i; t < n; t++) cross += residuals[t]! * residuals[t - i]!;
    s2 += (2 * (1 - i / (lags + 1)) * cross) / n;
  }
  return eta / s2;
}

const kpssCriticalValues = [0.347, 0.463, 0.574, 0.739];
const kpssLevels = [0.1, 0.05, 0.025, 0.01];

/** p-value of the KPSS statistic by linear interpolation in the published table, clamped to [0.01, 0.1]. */
export function kpssPValue(statistic: number): number {
  if (!(statistic > kpssCriticalValues[0]!)) return kpssLevels[0]!;
  for (let i = 1; i < kpssCriticalValues.length; i++) {
    const upper = kpssCriticalValues[i]!;
    if (statistic <= upper) {
      const lower = kpssCriticalValues[i - 1]!;
      const weight = (statistic - lower) / (upper - lower);
      return kpssLevels[i - 1]! + weight * (kpssLevels[i]! - kpssLevels[i - 1]!);
    }
  }
  return kpssLevels[kpssLevels.length - 1]!;
}

/**
 * Number of first differences needed for level stationarity by repeated KPSS tests at level `alpha`
 * (R's `ndiffs(x, test = "kpss")`), at most `maxD`.
 */
export function countDifferences(values: ArrayLike<number>, alpha = 0.05, maxD = 2): number {
  let current: Float64Array = Float64Array.from(values);
  let d = 0;
  if (current.length < 2 || isConstant(current)) return d;
  const rejects = (series: Float64Array): boolean | undefined => {
    const statistic = kpssStatistic(series);
    return Number.isFinite(statistic) ? kpssPValue(statistic) < alpha : undefined;
  };
  let differenceMore = rejects(current);
  if (differenceMore === undefined) return d;
  while (differenceMore && d < maxD) {
    d++;
    current = differenceSeries(current, 1, 1);
    if (current.length < 2 || isConstant(current)) return d;
    const next = rejects(current);
    if (next === undefined) return d - 1;
    differenceMore = next;
  }
  return d;
}

/**
 * Seasonal strength as R's `forecast:::seas.heuristic`: from an MSTL decomposition with R's defaults. A series
 * with no more than two cycles has none (R's `nsdiffs` then catches the failed test and uses no difference).
 */
function strengthOf(values: Float64Array, period: number): number {
  try {
    return seasonalStrength(Array.from(values), [period])[0]?.strength ?? 0;
  } catch (error) {
    if (DyocenseError.isInstance(error) && error.code === 'insufficient_data') return 0;
    throw error;
  }
}

/**
 * Number of seasonal differences (0 or 1, as R's `nsdiffs` default `max.D = 1`): difference when the
 * seasonal strength of an STL decomposition exceeds 0.64 (R's default "seas" test, `seas.heuristic`).
 */
export function countSeasonalDifferences(values: ArrayLike<number>, period: number, maxD = 1): number {
  let current: Float64Array = Float64Array.from(values);
  if (isConstant(current) || period < 2 || current.length < 2 * period) return 0;
  let D = 0;
  let differenceMore = strengthOf(current, period) > 0.64;
  while (differenceMore && D < maxD) {
    D++;
    current = differenceSeries(current, period, 1);
    if (isConstant(current)) return D;
    differenceMore = current.length >= 2 * period && D < maxD ? strengthOf(current, period) > 0.64 : false;
  }
  return D;
}
