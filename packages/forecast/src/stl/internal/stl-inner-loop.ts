import { loessSmooth } from './loess-smooth.js';
import { lowPassFilter } from './low-pass-filter.js';
import { smoothCycleSubseries } from './smooth-cycle-subseries.js';

/** Spans (odd, ≥ 3), degrees and jumps of the three STL smoothers, with the period (≥ 2). */
export interface StlSettings {
  readonly period: number;
  readonly seasonalSpan: number;
  readonly trendSpan: number;
  readonly lowPassSpan: number;
  readonly seasonalDegree: number;
  readonly trendDegree: number;
  readonly lowPassDegree: number;
  readonly seasonalJump: number;
  readonly trendJump: number;
  readonly lowPassJump: number;
}

/** Five work columns of length n + 2·period, reused across passes. */
export type StlWorkspace = readonly [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];

/**
 * `iterations` passes of STL's inner loop (`stlstp`): detrend, smooth the cycle-subseries, remove their
 * low-pass component to get the seasonal, deseasonalise and loess-smooth the trend. `seasonal` and `trend`
 * are updated in place (the trend starts from its current value).
 */
export function stlInnerLoop(
  y: Float64Array,
  settings: StlSettings,
  iterations: number,
  weights: Float64Array | undefined,
  seasonal: Float64Array,
  trend: Float64Array,
  work: StlWorkspace,
): void {
  const n = y.length;
  const period = settings.period;
  const [detrended, cycleSmooth, filtered, subseriesSmooth, spare] = work;
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    for (let i = 0; i < n; i += 1) detrended[i] = (y[i] as number) - (trend[i] as number);
    smoothCycleSubseries(
      detrended,
      n,
      period,
      settings.seasonalSpan,
      settings.seasonalDegree,
      settings.seasonalJump,
      weights,
      cycleSmooth,
      { subseries: filtered, smoothed: subseriesSmooth, subseriesWeights: spare, loessWeights: seasonal },
    );
    lowPassFilter(cycleSmooth, n + 2 * period, period, filtered, detrended);
    loessSmooth(
      filtered,
      n,
      settings.lowPassSpan,
      settings.lowPassDegree,
      settings.lowPassJump,
      undefined,
      detrended,
      spare,
    );
    for (let i = 0; i < n; i += 1)
      seasonal[i] = (cycleSmooth[period + i] as number) - (detrended[i] as number);
    for (let i = 0; i < n; i += 1) detrended[i] = (y[i] as number) - (seasonal[i] as number);
    loessSmooth(
      detrended,
      n,
      settings.trendSpan,
      settings.trendDegree,
      settings.trendJump,
      weights,
      trend,
      filtered,
    );
  }
}
