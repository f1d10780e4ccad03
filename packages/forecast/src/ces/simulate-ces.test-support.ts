import { createNormalSource } from '../internal/create-normal-source.js';
import { type CesSeasonality, cesBlocks } from './internal/ces-structure.js';
import { runCes } from './internal/run-ces.js';

/** Settings of {@link simulateCes}. */
export interface CesSimulation {
  readonly seasonality: CesSeasonality;
  readonly period: number;
  /** Smoothing parameters in the order of `cesParameterNames`. */
  readonly parameters: readonly number[];
  /** Initial states per component, `lag` each (see `runCes`). */
  readonly initial: readonly (readonly number[])[];
  readonly sigma: number;
  readonly length: number;
  readonly seed: number;
}

/** A sample path of a CES model with Gaussian errors N(0, σ²): y_t = ŷ_t + ε_t. Deterministic for a seed. */
export function simulateCes(settings: CesSimulation): number[] {
  const normal = createNormalSource(settings.seed);
  const blocks = cesBlocks(settings.seasonality, settings.period, settings.parameters);
  const run = runCes(blocks, settings.initial, settings.length, () => settings.sigma * normal.next());
  return Array.from(run.predictions, (prediction, t) => prediction + (run.errors[t] as number));
}
