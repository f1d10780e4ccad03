import type { EtsModel } from '../../ets/fit-ets.js';

/** ETS states after each observation: level, slope (with a trend) and the seasonal state updated at that time. */
export interface EtsStatePath {
  readonly level: number[];
  readonly slope?: number[];
  readonly season?: number[];
}

/**
 * Replays the ETS recursion (R's `etscalc` update; the state equations do not depend on the error type) from
 * the fitted initial states and smoothing parameters over `values`, recording the states R's `ets` reports in
 * `model$states`. The fitting code keeps only the final states, so this is a second pass, O(n).
 */
export function etsStatePath(model: EtsModel, values: readonly number[]): EtsStatePath {
  const { trend, season, seasonPeriod } = model.specification;
  const { alpha, beta = 0, gamma = 0, phi = 1 } = model.smoothing;
  const hasTrend = trend !== 'N';
  const seasonal = season !== 'N';
  const m = seasonal ? seasonPeriod : 1;
  const multiplicative = season === 'M';
  // R's layout s1..sm with s1 the most recent: `ring[0]` is s_m, the state applied to the first observation.
  const ring = seasonal ? [...(model.initialStates.season ?? [])].reverse() : [];
  let level = model.initialStates.level;
  let slope = hasTrend ? (model.initialStates.trend ?? 0) : 0;
  let pointer = 0;
  const levels: number[] = [];
  const slopes: number[] = [];
  const seasons: number[] = [];
  for (const observation of values) {
    const dampedSlope = hasTrend ? phi * slope : 0;
    const q = level + dampedSlope;
    const oldSeason = seasonal ? (ring[pointer] ?? (multiplicative ? 1 : 0)) : 0;
    const p = !seasonal ? observation : multiplicative ? observation / oldSeason : observation - oldSeason;
    const newLevel = q + alpha * (p - q);
    if (hasTrend) slope = dampedSlope + (beta / alpha) * (newLevel - level - dampedSlope);
    if (seasonal) {
      const target = multiplicative ? observation / q : observation - q;
      const updated = oldSeason + gamma * (target - oldSeason);
      ring[pointer] = updated;
      seasons.push(updated);
      pointer = pointer + 1 === m ? 0 : pointer + 1;
    }
    level = newLevel;
    levels.push(level);
    slopes.push(slope);
  }
  return {
    level: levels,
    ...(hasTrend ? { slope: slopes } : {}),
    ...(seasonal ? { season: seasons } : {}),
  };
}
