/** Error, trend and season codes used by the numeric kernels (the ones R's C code uses). */
export const none = 0;
export const additive = 1;
export const multiplicative = 2;

/** The numeric shape of one ETS model, shared by the likelihood, the optimiser and the forecasts. */
export interface EtsStructure {
  /** 1 additive, 2 multiplicative. */
  readonly error: 1 | 2;
  /** 0 none, 1 additive (damped when `damped`). */
  readonly trend: 0 | 1;
  readonly damped: boolean;
  /** 0 none, 1 additive, 2 multiplicative. */
  readonly season: 0 | 1 | 2;
  /** Seasonal period used by the recursion: the series' period for seasonal models, else 1. */
  readonly m: number;
}

/** Number of states: level, trend when present, and `m` seasonal states when seasonal. */
export function stateCount(structure: EtsStructure): number {
  return 1 + (structure.trend === none ? 0 : 1) + (structure.season === none ? 0 : structure.m);
}

/** Smoothing parameters of one evaluation (beta 0 without trend, gamma 0 without season, phi 1 undamped). */
export interface SmoothingParameters {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}
