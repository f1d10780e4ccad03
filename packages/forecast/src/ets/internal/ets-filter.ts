import { type EtsStructure, none, type SmoothingParameters } from './ets-structure.js';

const tolerance = 1e-10;
const huge = 1e10;

/**
 * Reusable buffers for {@link etsObjective}: the seasonal ring buffer, so evaluating the likelihood
 * allocates nothing.
 */
export interface FilterWorkspace {
  readonly season: Float64Array;
}

export function createFilterWorkspace(m: number): FilterWorkspace {
  return { season: new Float64Array(Math.max(1, m)) };
}

/**
 * R's concentrated ETS objective, `n * log(sum e^2) + 2 * sum log|yhat|` (the last term for multiplicative
 * errors only), where `e` is the additive or relative one-step error. Returns NaN when the recursion fails.
 *
 * `states` holds the initial states in R's order: level, trend (if any), then the seasonal states
 * s1..sm with s1 the most recent (so sm is the one applied to the first observation).
 */
export function etsObjective(
  y: Float64Array,
  structure: EtsStructure,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  states: Float64Array,
  workspace: FilterWorkspace,
): number {
  const { error, trend, season, m } = structure;
  const n = y.length;
  const ring = workspace.season;
  const seasonOffset = trend === none ? 1 : 2;
  let level = states[0] ?? 0;
  let slope = trend === none ? 0 : (states[1] ?? 0);
  if (season !== none) {
    // Chronological ring buffer: ring[pointer] is always the oldest seasonal state, s_{t-m}.
    for (let k = 0; k < m; k++) ring[k] = states[seasonOffset + m - 1 - k] ?? 0;
  }
  let pointer = 0;
  let sumSquares = 0;
  let sumLogs = 0;
  let product = 1;
  const betaOverAlpha = beta / alpha;
  for (let t = 0; t < n; t++) {
    const observation = y[t] ?? 0;
    const dampedSlope = phi * slope;
    const q = trend === none ? level : level + dampedSlope;
    let fit = q;
    let oldSeason = 0;
    if (season !== none) {
      oldSeason = ring[pointer] ?? 0;
      fit = season === 1 ? q + oldSeason : q * oldSeason;
    }
    const e = error === 1 ? observation - fit : (observation - fit) / fit;
    sumSquares += e * e;
    if (error !== 1) {
      // Accumulate the product of |fit| and take its log only near the range limits: one Math.log per
      // step would dominate the cost of the recursion.
      product *= Math.abs(fit);
      if (product > 1e100 || product < 1e-100) {
        sumLogs += Math.log(product);
        product = 1;
      }
    }
    let p = observation;
    if (season === 1) p = observation - oldSeason;
    else if (season === 2) p = Math.abs(oldSeason) < tolerance ? huge : observation / oldSeason;
    const newLevel = q + alpha * (p - q);
    if (trend !== none) slope = dampedSlope + betaOverAlpha * (newLevel - level - dampedSlope);
    if (season !== none) {
      let target: number;
      if (season === 1) target = observation - q;
      else target = Math.abs(q) < tolerance ? huge : observation / q;
      ring[pointer] = oldSeason + gamma * (target - oldSeason);
      pointer = pointer + 1 === m ? 0 : pointer + 1;
    }
    level = newLevel;
  }
  let value = n * Math.log(sumSquares);
  if (error !== 1) value += 2 * (sumLogs + Math.log(product));
  return value;
}

/** Result of running the recursion once with bookkeeping: fits, errors and the state after the last observation. */
export interface FilterResult {
  readonly fitted: Float64Array;
  /** Additive errors `y - fit`, or relative errors `(y - fit) / fit` for multiplicative-error models. */
  readonly innovations: Float64Array;
  /** States after the last observation, in R's order (level, trend, s1..sm with s1 the most recent). */
  readonly finalStates: Float64Array;
  readonly objective: number;
  readonly sumSquares: number;
}

/** Runs the ETS recursion once, recording fitted values, innovations and the final states. */
export function etsFilter(
  y: Float64Array,
  structure: EtsStructure,
  parameters: SmoothingParameters,
  states: Float64Array,
): FilterResult {
  const { error, trend, season, m } = structure;
  const { alpha, beta, gamma, phi } = parameters;
  const n = y.length;
  const fitted = new Float64Array(n);
  const innovations = new Float64Array(n);
  const seasonOffset = trend === none ? 1 : 2;
  const ring = new Float64Array(Math.max(1, m));
  let level = states[0] ?? 0;
  let slope = trend === none ? 0 : (states[1] ?? 0);
  if (season !== none) for (let k = 0; k < m; k++) ring[k] = states[seasonOffset + m - 1 - k] ?? 0;
  let pointer = 0;
  let sumSquares = 0;
  let sumLogs = 0;
  const betaOverAlpha = beta / alpha;
  for (let t = 0; t < n; t++) {
    const observation = y[t] ?? 0;
    const dampedSlope = phi * slope;
    const q = trend === none ? level : level + dampedSlope;
    let fit = q;
    let oldSeason = 0;
    if (season !== none) {
      oldSeason = ring[pointer] ?? 0;
      fit = season === 1 ? q + oldSeason : q * oldSeason;
    }
    fitted[t] = fit;
    const e = error === 1 ? observation - fit : (observation - fit) / fit;
    innovations[t] = e;
    sumSquares += e * e;
    if (error !== 1) sumLogs += Math.log(Math.abs(fit));
    let p = observation;
    if (season === 1) p = observation - oldSeason;
    else if (season === 2) p = Math.abs(oldSeason) < tolerance ? huge : observation / oldSeason;
    const newLevel = q + alpha * (p - q);
    if (trend !== none) slope = dampedSlope + betaOverAlpha * (newLevel - level - dampedSlope);
    if (season !== none) {
      const target = season === 1 ? observation - q : Math.abs(q) < tolerance ? huge : observation / q;
      ring[pointer] = oldSeason + gamma * (target - oldSeason);
      pointer = pointer + 1 === m ? 0 : pointer + 1;
    }
    level = newLevel;
  }
  const finalStates = new Float64Array(states.length);
  finalStates[0] = level;
  if (trend !== none) finalStates[1] = slope;
  if (season !== none) {
    // s1 (most recent) is the slot just before the pointer.
    for (let j = 0; j < m; j++) finalStates[seasonOffset + j] = ring[(pointer - 1 - j + 2 * m) % m] ?? 0;
  }
  let objective = n * Math.log(sumSquares);
  if (error !== 1) objective += 2 * sumLogs;
  return { fitted, innovations, finalStates, objective, sumSquares };
}
