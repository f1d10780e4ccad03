import { loessEstimate } from './loess-estimate.js';
import { loessSmooth } from './loess-smooth.js';

/** Scratch arrays of {@link smoothCycleSubseries}, each of length ≥ n. */
export interface CycleSubseriesScratch {
  readonly subseries: Float64Array;
  readonly smoothed: Float64Array;
  readonly subseriesWeights: Float64Array;
  readonly loessWeights: Float64Array;
}

/**
 * STL's seasonal step (`stlss`): each cycle-subseries (every `period`-th value) is loess-smoothed and
 * extended by one fitted value before its start and one after its end, so `seasonal` receives
 * `n + 2·period` values: one extra cycle on each side.
 */
export function smoothCycleSubseries(
  y: Float64Array,
  n: number,
  period: number,
  span: number,
  degree: number,
  jump: number,
  robustnessWeights: Float64Array | undefined,
  seasonal: Float64Array,
  scratch: CycleSubseriesScratch,
): void {
  const { subseries, smoothed, subseriesWeights, loessWeights } = scratch;
  const weights = robustnessWeights === undefined ? undefined : subseriesWeights;
  const inner = smoothed.subarray(1);
  for (let cycle = 1; cycle <= period; cycle += 1) {
    const count = Math.trunc((n - cycle) / period) + 1;
    for (let i = 1; i <= count; i += 1) {
      subseries[i - 1] = y[(i - 1) * period + cycle - 1] as number;
      if (robustnessWeights !== undefined) {
        subseriesWeights[i - 1] = robustnessWeights[(i - 1) * period + cycle - 1] as number;
      }
    }
    loessSmooth(subseries, count, span, degree, jump, weights, inner, loessWeights);
    const before = loessEstimate(
      subseries,
      count,
      span,
      degree,
      0,
      1,
      Math.min(span, count),
      loessWeights,
      weights,
    );
    smoothed[0] = before ?? (smoothed[1] as number);
    const after = loessEstimate(
      subseries,
      count,
      span,
      degree,
      count + 1,
      Math.max(1, count - span + 1),
      count,
      loessWeights,
      weights,
    );
    smoothed[count + 1] = after ?? (smoothed[count] as number);
    for (let m = 1; m <= count + 2; m += 1)
      seasonal[(m - 1) * period + cycle - 1] = smoothed[m - 1] as number;
  }
}
