import { DyocenseError, normalQuantile, parseInput } from '@dyocense/core';
import { z } from 'zod';
import type {
  FittedModel,
  InformationCriteria,
  ModelForecast,
  PredictionInterval,
} from '../model/fitted-model.js';
import { estimateEts } from './internal/estimate-ets.js';
import { etsFilter } from './internal/ets-filter.js';
import {
  classOneMoments,
  classThreeMoments,
  classTwoMoments,
  type ForecastMoments,
  pointForecasts,
  simulatePaths,
  sortedQuantile,
} from './internal/ets-forecast-distribution.js';
import {
  etsLabel,
  etsMinimumLength,
  intervalOptionsSchema,
  invalid,
  maxEtsSeasonPeriod,
  toIntervalOptions,
  toSeries,
} from './internal/ets-input.js';
import { type EtsStructure, none, type SmoothingParameters, stateCount } from './internal/ets-structure.js';

/** Error component: additive or multiplicative. */
export type EtsErrorType = 'A' | 'M';
/** Trend component: none, additive, or additive damped. */
export type EtsTrendType = 'N' | 'A' | 'Ad';
/** Seasonal component: none, additive or multiplicative. */
export type EtsSeasonType = 'N' | 'A' | 'M';

/** Initial states (the states before the first observation), in R's `initstate` order. */
export interface EtsInitialStates {
  readonly level: number;
  /** Slope; required for models with a trend. */
  readonly trend?: number;
  /**
   * The `seasonPeriod` seasonal states, most recent first (R's `s1..sm`): `season[m - 1]` applies to the
   * first observation, `season[0]` to observation `m`. Required for seasonal models.
   */
  readonly season?: readonly number[];
}

/** Values to hold fixed instead of estimating them; anything omitted is estimated. */
export interface EtsFixedParameters {
  readonly alpha?: number;
  readonly beta?: number;
  readonly gamma?: number;
  readonly phi?: number;
  readonly initialStates?: EtsInitialStates;
}

/** How {@link EtsModel.forecast} computes prediction intervals. */
export interface EtsIntervalOptions {
  /**
   * `analytic` (default): the closed-form variances R's `forecast.ets` uses (Hyndman et al. 2008, ch. 6;
   * classes 1–3 cover every model offered here). `simulated`: quantiles (type 8) of simulated sample paths
   * with Gaussian innovations, R's `simulate = TRUE`.
   */
  readonly method?: 'analytic' | 'simulated';
  /** Sample paths for `simulated`. Default 5000. */
  readonly paths?: number;
  /** Seed for `simulated`; the same seed gives the same intervals. Default 1. */
  readonly seed?: number;
}

/** Options of {@link fitEts}. */
export interface FitEtsOptions {
  /** Observations per seasonal cycle (12 for monthly data with yearly seasonality; 1 when not seasonal). */
  readonly seasonPeriod: number;
  readonly error: EtsErrorType;
  readonly trend: EtsTrendType;
  readonly season: EtsSeasonType;
  /** Parameters to hold fixed (e.g. to reproduce a fit from R); the others are estimated. */
  readonly parameters?: EtsFixedParameters;
  readonly intervals?: EtsIntervalOptions;
}

/** A fitted ETS model: the {@link FittedModel} contract plus its components and states. */
export interface EtsModel extends FittedModel {
  readonly specification: {
    readonly error: EtsErrorType;
    readonly trend: EtsTrendType;
    readonly season: EtsSeasonType;
    readonly seasonPeriod: number;
  };
  /** Smoothing parameters; `beta`, `gamma` and `phi` only where the model has them. */
  readonly smoothing: {
    readonly alpha: number;
    readonly beta?: number;
    readonly gamma?: number;
    readonly phi?: number;
  };
  readonly initialStates: EtsInitialStates;
  /** States after the last observation (the forecast origin), same layout as `initialStates`. */
  readonly finalStates: EtsInitialStates;
  /**
   * Innovation variance: sum of squared one-step errors (relative errors for multiplicative-error models)
   * divided by `n - (number of smoothing parameters and free initial states)`, as R's `ets`.
   */
  readonly sigma2: number;
  /**
   * Log-likelihood and criteria exactly as R's `ets` reports them. The parameter count is every smoothing
   * parameter and free initial state plus one for the variance, also when some are held fixed, so criteria
   * stay comparable across models. Absent only for a perfect fit (zero errors), where the likelihood is
   * unbounded.
   */
  readonly informationCriteria?: InformationCriteria;
}

const finiteNumber = z.number().refine(Number.isFinite, 'must be a finite number');

const optionsSchema = z.object({
  seasonPeriod: z.number().int().min(1),
  error: z.enum(['A', 'M']),
  trend: z.enum(['N', 'A', 'Ad']),
  season: z.enum(['N', 'A', 'M']),
  parameters: z
    .object({
      alpha: finiteNumber.optional(),
      beta: finiteNumber.optional(),
      gamma: finiteNumber.optional(),
      phi: finiteNumber.optional(),
      initialStates: z
        .object({
          level: finiteNumber,
          trend: finiteNumber.optional(),
          season: z.array(finiteNumber).optional(),
        })
        .optional(),
    })
    .optional(),
  intervals: intervalOptionsSchema.optional(),
});

/**
 * Fits one exponential smoothing state-space model (Hyndman, Koehler, Ord & Snyder 2008) by maximum
 * likelihood, as R's `forecast::ets(y, model = ...)`: smoothing parameters and initial states are estimated
 * jointly by Nelder–Mead from R's starting values, within the usual bounds (0.0001–0.9999, beta < alpha,
 * gamma < 1 - alpha, phi 0.8–0.98) and the admissible region.
 *
 * @param y - equally spaced observations without gaps.
 * @throws DyocenseError `invalid_input` for bad options, non-finite values, multiplicative components on
 *   data that are not strictly positive, a seasonal model with `seasonPeriod` 1 or above 24, and the
 *   combinations R forbids (additive error with multiplicative season); `insufficient_data` when the series
 *   has no more than (number of parameters + 4) observations.
 * @example
 * const model = fitEts(sales, { seasonPeriod: 12, error: 'M', trend: 'Ad', season: 'M' });
 * const { mean, intervals } = model.forecast(12, [80, 95]);
 */
export function fitEts(y: readonly number[], options: FitEtsOptions): EtsModel {
  const parsed = parseInput(optionsSchema, options, 'ETS options');
  const series = toSeries(y);
  const { error, trend, season } = parsed;
  const seasonal = season !== 'N';
  if (seasonal && parsed.seasonPeriod === 1)
    throw invalid('A seasonal ETS model needs a season period above 1.');
  if (seasonal && parsed.seasonPeriod > maxEtsSeasonPeriod) {
    throw invalid(
      `ETS supports season periods up to ${maxEtsSeasonPeriod}; use a decomposition model for longer cycles.`,
    );
  }
  if (error === 'A' && season === 'M') {
    throw invalid(
      'ETS(A,*,M) is not offered: additive errors with a multiplicative season are numerically unstable.',
    );
  }
  if ((error === 'M' || season === 'M') && series.some((value) => value <= 0)) {
    throw invalid('Multiplicative error or season needs strictly positive data.');
  }
  const minimum = etsMinimumLength(trend, season, parsed.seasonPeriod);
  if (series.length < minimum) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `${etsLabel(error, trend, season)} needs at least ${minimum} observations; the series has ${series.length}.`,
      details: { required: minimum, actual: series.length },
    });
  }
  const structure: EtsStructure = {
    error: error === 'A' ? 1 : 2,
    trend: trend === 'N' ? 0 : 1,
    damped: trend === 'Ad',
    season: season === 'N' ? 0 : season === 'A' ? 1 : 2,
    m: seasonal ? parsed.seasonPeriod : 1,
  };
  const fixed = parsed.parameters ?? {};
  const fixedStates = fixed.initialStates ? toStateVector(fixed.initialStates, structure) : undefined;
  const estimate = estimateEts(series, structure, fixed, fixedStates);
  if (!Number.isFinite(estimate.objective) && estimate.objective !== Number.NEGATIVE_INFINITY) {
    throw invalid(
      `${etsLabel(error, trend, season)} could not be fitted: no admissible parameters give a finite likelihood.`,
    );
  }
  return buildModel(
    series,
    structure,
    { error, trend, season, seasonPeriod: parsed.seasonPeriod },
    estimate.parameters,
    estimate.states,
    toIntervalOptions(parsed.intervals),
  );
}

interface StateInput {
  readonly level: number;
  readonly trend?: number | undefined;
  readonly season?: readonly number[] | undefined;
}

function toStateVector(initial: StateInput, structure: EtsStructure): Float64Array {
  const states = new Float64Array(stateCount(structure));
  states[0] = initial.level;
  let offset = 1;
  if (structure.trend !== none) {
    if (initial.trend === undefined)
      throw invalid('initialStates.trend is required for a model with a trend.');
    states[1] = initial.trend;
    offset = 2;
  }
  if (structure.season !== none) {
    const seasonStates = initial.season;
    if (!seasonStates || seasonStates.length !== structure.m) {
      throw invalid(`initialStates.season must hold ${structure.m} seasonal states.`);
    }
    states.set(seasonStates, offset);
  }
  return states;
}

function statesToObject(states: Float64Array, structure: EtsStructure): EtsInitialStates {
  const level = states[0] ?? 0;
  const offset = structure.trend === none ? 1 : 2;
  const season =
    structure.season === none ? undefined : Array.from(states.subarray(offset, offset + structure.m));
  return {
    level,
    ...(structure.trend === none ? {} : { trend: states[1] ?? 0 }),
    ...(season ? { season } : {}),
  };
}

function buildModel(
  series: Float64Array,
  structure: EtsStructure,
  specification: EtsModel['specification'],
  parameters: SmoothingParameters,
  initialStates: Float64Array,
  intervalOptions: EtsIntervalOptions,
): EtsModel {
  const n = series.length;
  const filter = etsFilter(series, structure, parameters, initialStates);
  const smoothingCount =
    1 + (structure.trend === none ? 0 : 1) + (structure.season === none ? 0 : 1) + (structure.damped ? 1 : 0);
  const freeStates = stateCount(structure) - (structure.season === none ? 0 : 1);
  const parameterCount = smoothingCount + freeStates;
  const sigma2 = filter.sumSquares / (n - parameterCount);
  if (!Number.isFinite(sigma2) || filter.fitted.some((value) => !Number.isFinite(value))) {
    throw invalid(
      `${etsLabel(specification.error, specification.trend, specification.season)} could not be fitted: values out of numeric range.`,
    );
  }
  let informationCriteria: InformationCriteria | undefined;
  if (Number.isFinite(filter.objective)) {
    const k = parameterCount + 1;
    const aic = filter.objective + 2 * k;
    informationCriteria = {
      logLikelihood: -0.5 * filter.objective,
      aic,
      aicc: aic + (2 * k * (k + 1)) / (n - k - 1),
      bic: filter.objective + Math.log(n) * k,
    };
  }
  const smoothing = {
    alpha: parameters.alpha,
    ...(structure.trend === none ? {} : { beta: parameters.beta }),
    ...(structure.season === none ? {} : { gamma: parameters.gamma }),
    ...(structure.damped ? { phi: parameters.phi } : {}),
  };
  const initial = statesToObject(initialStates, structure);
  const namedParameters: Record<string, number> = { ...smoothing, initialLevel: initial.level };
  if (initial.trend !== undefined) namedParameters.initialTrend = initial.trend;
  initial.season?.forEach((value, index) => {
    namedParameters[`initialSeason${index + 1}`] = value;
  });
  const fitted = Array.from(filter.fitted);
  const residuals = fitted.map((value, t) => (series[t] ?? 0) - value);
  const finalStates = filter.finalStates;
  const method = etsLabel(specification.error, specification.trend, specification.season);
  return {
    method,
    parameters: namedParameters,
    fitted,
    residuals,
    ...(informationCriteria ? { informationCriteria } : {}),
    specification,
    smoothing,
    initialStates: initial,
    finalStates: statesToObject(finalStates, structure),
    sigma2,
    forecast(horizon: number, levels: readonly number[]): ModelForecast {
      validateForecastRequest(horizon, levels);
      return forecastEts(structure, parameters, finalStates, sigma2, horizon, levels, intervalOptions);
    },
  };
}

function validateForecastRequest(horizon: number, levels: readonly number[]): void {
  if (!Number.isInteger(horizon) || horizon < 1)
    throw invalid(`The horizon must be a positive integer; got ${horizon}.`);
  for (const level of levels) {
    if (typeof level !== 'number' || !(level > 0 && level < 100)) {
      throw invalid(`Interval levels are percentages strictly between 0 and 100; got ${String(level)}.`);
    }
  }
}

function analyticMoments(
  structure: EtsStructure,
  parameters: SmoothingParameters,
  states: Float64Array,
  sigma2: number,
  horizon: number,
): ForecastMoments {
  if (structure.season === 2) return classThreeMoments(structure, parameters, states, sigma2, horizon);
  if (structure.error === 2) return classTwoMoments(structure, parameters, states, sigma2, horizon);
  return classOneMoments(structure, parameters, states, sigma2, horizon);
}

function allFinite(values: Float64Array): boolean {
  for (const value of values) if (!Number.isFinite(value)) return false;
  return true;
}

function forecastEts(
  structure: EtsStructure,
  parameters: SmoothingParameters,
  states: Float64Array,
  sigma2: number,
  horizon: number,
  levels: readonly number[],
  options: EtsIntervalOptions,
): ModelForecast {
  const sortedLevels = [...levels].sort((a, b) => a - b);
  if (options.method !== 'simulated') {
    const moments = analyticMoments(structure, parameters, states, sigma2, horizon);
    const variance = moments.variance.map((value) => Math.max(value, 0));
    if (allFinite(moments.mean) && allFinite(variance)) {
      const mean = Array.from(moments.mean);
      const intervals = sortedLevels.map((level): PredictionInterval => {
        const z = -normalQuantile((100 - level) / 200);
        return {
          level,
          lower: mean.map((value, h) => value - z * Math.sqrt(variance[h] ?? 0)),
          upper: mean.map((value, h) => value + z * Math.sqrt(variance[h] ?? 0)),
        };
      });
      return { mean, intervals };
    }
  }
  // Simulated intervals (also the fallback when the analytic recursion overflows).
  const point = pointForecasts(structure, parameters.phi, states, horizon);
  const paths = simulatePaths(
    structure,
    parameters,
    states,
    sigma2,
    horizon,
    options.paths ?? 5000,
    options.seed ?? 1,
  );
  const mean = Array.from(point, (value, h) =>
    Number.isFinite(value) ? value : sortedQuantile(paths[h] ?? new Float64Array(1), 0.5),
  );
  const intervals = sortedLevels.map((level): PredictionInterval => {
    const tail = (100 - level) / 200;
    // Quantile intervals need not contain the point forecast for skewed paths; widen them to it.
    const lower = mean.map((value, h) =>
      Math.min(value, finiteOr(sortedQuantile(paths[h] ?? new Float64Array(1), tail), value)),
    );
    const upper = mean.map((value, h) =>
      Math.max(value, finiteOr(sortedQuantile(paths[h] ?? new Float64Array(1), 1 - tail), value)),
    );
    return { level, lower, upper };
  });
  return { mean, intervals };
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}
