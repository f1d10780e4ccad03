import type { CesBlock } from './ces-structure.js';

/** Result of {@link runCes}. */
export interface CesRun {
  /** One-step predictions (the measurement before the error), one per step. */
  readonly predictions: Float64Array;
  /** The error each step received. */
  readonly errors: Float64Array;
  /**
   * State histories, one per component: entry `lag + t` is the state after step t, entries `0..lag-1` the
   * initial states (the states at times -lag..-1).
   */
  readonly states: readonly Float64Array[];
}

/**
 * Runs the CES recursions for `steps` steps. Step t predicts ŷ_t = Σ (first component of each block at t - lag),
 * takes the error ε_t = `error(t, ŷ_t)` and updates each block: a complex pair (ℓ, c) with parameter p0 + i·p1
 * as ℓ_t = ℓ_{t-k} − (1 − p1)·c_{t-k} + (p0 − p1)·ε_t and c_t = ℓ_{t-k} + (1 − p0)·c_{t-k} + (p0 + p1)·ε_t
 * (Svetunkov & Kourentzes), a real component as s_t = s_{t-k} + b·ε_t.
 *
 * The same function filters data (`error` = y_t − ŷ_t), forecasts (error 0), computes impulse responses and
 * simulates (random errors), so all of them share one set of equations.
 *
 * @param blocks - one or two blocks (every CES variant has at most two).
 * @param initial - per component, `lag` initial states (oldest first).
 * @param error - the error of each step, or observations (then ε_t = y_t − ŷ_t, and 0 beyond them).
 */
export function runCes(
  blocks: readonly CesBlock[],
  initial: readonly (readonly number[])[],
  steps: number,
  error: ((step: number, prediction: number) => number) | ArrayLike<number>,
): CesRun {
  const states: Float64Array[] = [];
  let component = 0;
  for (const block of blocks) {
    const count = block.kind === 'complex' ? 2 : 1;
    for (let index = 0; index < count; index += 1) {
      const history = new Float64Array(block.lag + steps);
      const start = initial[component] ?? [];
      for (let lag = 0; lag < block.lag; lag += 1) history[lag] = start[lag] ?? 0;
      states.push(history);
      component += 1;
    }
  }
  // CES has one or two blocks; unrolling them into locals keeps the loop monomorphic, which matters because a
  // fit runs it a few thousand times.
  const first = blocks[0] as CesBlock;
  const second = blocks[1];
  const firstComplex = first.kind === 'complex';
  const level0 = states[0] as Float64Array;
  const companion0 = firstComplex ? (states[1] as Float64Array) : level0;
  const level1 = second === undefined ? undefined : (states[firstComplex ? 2 : 1] as Float64Array);
  const secondComplex = second?.kind === 'complex';
  const companion1 = secondComplex ? (states[firstComplex ? 3 : 2] as Float64Array) : level1;
  const [a0, a1] = first.kind === 'complex' ? [first.p0, first.p1] : [first.b, 0];
  const [b0, b1] =
    second === undefined ? [0, 0] : second.kind === 'complex' ? [second.p0, second.p1] : [second.b, 0];
  const lag0 = first.lag;
  const lag1 = second?.lag ?? 1;
  const observed = typeof error === 'function' ? undefined : error;
  const observedLength = observed?.length ?? 0;
  const errorAt = typeof error === 'function' ? error : undefined;
  const predictions = new Float64Array(steps);
  const errors = new Float64Array(steps);
  for (let t = 0; t < steps; t += 1) {
    // With history index lag + t for "after step t", index t holds the state at t - lag.
    const l0 = level0[t] as number;
    const l1 = level1 === undefined ? 0 : (level1[t] as number);
    const prediction = l0 + l1;
    let e: number;
    if (observed !== undefined) e = t < observedLength ? (observed[t] as number) - prediction : 0;
    else e = (errorAt as (step: number, prediction: number) => number)(t, prediction);
    predictions[t] = prediction;
    errors[t] = e;
    if (firstComplex) {
      const c0 = companion0[t] as number;
      level0[lag0 + t] = l0 - (1 - a1) * c0 + (a0 - a1) * e;
      companion0[lag0 + t] = l0 + (1 - a0) * c0 + (a0 + a1) * e;
    } else {
      level0[lag0 + t] = l0 + a0 * e;
    }
    if (level1 !== undefined) {
      if (secondComplex) {
        const c1 = (companion1 as Float64Array)[t] as number;
        level1[lag1 + t] = l1 - (1 - b1) * c1 + (b0 - b1) * e;
        (companion1 as Float64Array)[lag1 + t] = l1 + (1 - b0) * c1 + (b0 + b1) * e;
      } else {
        level1[lag1 + t] = l1 + b0 * e;
      }
    }
  }
  return { predictions, errors, states };
}
