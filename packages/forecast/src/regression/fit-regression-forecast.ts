import {
  DyocenseError,
  type FrequencyInference,
  inferFrequency,
  parseInput,
  timeZoneSchema,
} from '@dyocense/core';
import { z } from 'zod';
import { seasonPeriods } from '../calendar/season-periods.js';
import type { FittedModel, ModelForecast, PredictionInterval } from '../model/fitted-model.js';
import { ensureFinite } from '../naive/internal/ensure-finite.js';
import { ensureFiniteForecast } from '../naive/internal/ensure-finite-forecast.js';
import { validateForecastRequest, validateHistory } from '../naive/internal/validate-history.js';
import {
  buildDesign,
  describeFeatures,
  type FeatureGroup,
  type FeatureSpecification,
  firstFeatureIndex,
  staticFeatures,
} from './internal/build-features.js';
import { conformalStepWidths } from './internal/conformal-step-widths.js';
import { type ElasticNetFit, fitElasticNet, predictRow } from './internal/fit-elastic-net.js';
import { forecastRecursively } from './internal/forecast-recursively.js';
import { futureTimestamps } from './internal/future-timestamps.js';
import { selectPenalty } from './internal/select-penalty.js';

const method = 'regression';
/** Fewest feature rows (observations after the largest lag or window) the model is fitted on. */
const minimumRows = 10;
/** Default short lags 1..3; seasonal lags m and 2m are added when the history allows. */
const shortLags = 3;
/** Most rolling origins used to collect forecast errors for the conformal intervals. */
const maximumOrigins = 50;

const positiveIntegers = z.array(z.number().int().min(1).max(100_000)).max(1000);
const exogenousSchema = z.record(z.string().min(1), z.array(z.number()));

const optionsSchema = z
  .object({
    seasonPeriod: z.number().int().min(1).max(100_000).optional(),
    lags: positiveIntegers.optional(),
    rollingWindows: positiveIntegers.optional(),
    calendar: z
      .object({
        dayOfWeek: z.boolean().optional(),
        month: z.boolean().optional(),
        hourOfDay: z.boolean().optional(),
      })
      .strict()
      .optional(),
    exogenous: exogenousSchema.optional(),
    futureExogenous: exogenousSchema.optional(),
    transform: z.enum(['none', 'log1p']).default('none'),
    mixing: z.number().min(0).max(1).default(0.5),
    penalty: z.number().min(0).optional(),
    calibrationHorizon: z.number().int().min(1).max(100_000).optional(),
    timeZone: timeZoneSchema.default('UTC'),
  })
  .strict();

/**
 * Options of {@link fitRegressionForecast}.
 *
 * - `seasonPeriod`: observations per season (default: the primary period of the inferred frequency, e.g. 7 for
 *   daily, 12 for monthly, 24 for hourly data; 1 when none).
 * - `lags`: lagged values used as features (default 1, 2, 3 and, when at least 30 rows remain, m and 2m).
 * - `rollingWindows`: windows w whose mean and sample standard deviation of the w values before each time are
 *   features (default [m] when m > 1 and at least 30 rows remain, else none).
 * - `calendar`: `dayOfWeek` (6 dummies, Monday the reference), `month` (11 dummies, January the reference),
 *   `hourOfDay` (3 Fourier harmonics of the daily cycle), read in `timeZone`. When omitted: hourly and finer
 *   data get hour of day and day of week, daily data day of week, weekly data (two years or more) and monthly
 *   data (three years or more) month. When given, unlisted entries are off.
 * - `exogenous`: regressors by name, one value per observation (price, promotion flag, marketing spend); their
 *   values at forecast time are taken from the third argument of `forecast` or from `futureExogenous`.
 * - `transform`: `none` (default) or `log1p` (fit on log(1 + y); needs non-negative values; forecasts are
 *   transformed back, so they are medians and never negative).
 * - `mixing`: elastic-net mixing in [0, 1], 0 ridge, 1 lasso (default 0.5).
 * - `penalty`: a fixed penalty λ ≥ 0 (default: chosen by time-series cross-validation).
 * - `calibrationHorizon`: steps validated per rolling origin for the conformal intervals (default max(2m, 12),
 *   at most a quarter of the rows).
 * - `timeZone`: IANA zone of the calendar (default `UTC`).
 */
export type RegressionForecastOptions = z.input<typeof optionsSchema>;

/** Values of the exogenous regressors for the forecast horizon, by name (at least `horizon` values each). */
export interface RegressionFutureInputs {
  readonly exogenous?: Readonly<Record<string, readonly number[]>>;
}

/** How much one feature drives the fitted regression. */
export interface FeatureImportance {
  /** Column name, e.g. `lag_1`, `rolling_mean_7`, `day_saturday`, `month_december`, `exogenous_promo`. */
  readonly feature: string;
  readonly group: FeatureGroup;
  /** Change in the (transformed) target per unit of the feature. */
  readonly coefficient: number;
  /** Change in the (transformed) target per standard deviation of the feature, on the training rows. */
  readonly standardizedCoefficient: number;
  /** |standardised coefficient| as a share of the sum over all features (0..1; all 0 when every one is 0). */
  readonly importance: number;
}

/** A feature-based regression {@link FittedModel}. */
export interface RegressionForecastModel extends FittedModel {
  /** Column names, in coefficient order. */
  readonly features: readonly string[];
  /** The seasonal period used for the default lags and windows. */
  readonly seasonPeriod: number;
  /** The features ranked by the size of their standardised coefficients, largest first. */
  featureImportance(): FeatureImportance[];
  /**
   * Recursive forecasts for steps 1..horizon with conformal intervals at `levels` (percent).
   *
   * @param future - exogenous values for the horizon; defaults to the `futureExogenous` option.
   * @throws DyocenseError `invalid_input` for a bad horizon or level, or missing or non-finite future values of
   *   an exogenous regressor.
   */
  forecast(horizon: number, levels: readonly number[], future?: RegressionFutureInputs): ModelForecast;
}

function fail(message: string, code: 'invalid_input' | 'insufficient_data' = 'invalid_input'): never {
  throw new DyocenseError({ code, message });
}

function validateTimestamps(timestamps: readonly number[], length: number): void {
  if (!Array.isArray(timestamps)) fail('The regression timestamps must be an array of epoch milliseconds.');
  if (timestamps.length !== length) {
    fail(
      `The regression needs one timestamp per value; got ${timestamps.length} timestamps for ${length} values.`,
    );
  }
  for (let index = 1; index < timestamps.length; index++) {
    if (!((timestamps[index] as number) > (timestamps[index - 1] as number))) {
      fail(
        `The regression timestamps must be strictly increasing; position ${index} is not after the one before.`,
      );
    }
  }
}

function inferSpacing(timestamps: readonly number[], timeZone: string): FrequencyInference {
  const inference = inferFrequency(timestamps, { timeZone });
  const gaps = inference.gaps.filter((gap) => !gap.weekend);
  if (inference.irregular || gaps.length > 0) {
    fail(
      `The regression needs equally spaced observations; the timestamps have ${gaps.length} gap(s)${inference.irregular ? ' and irregular intervals' : ''}. Regularise the series (fill or interpolate the gaps) first.`,
    );
  }
  return inference;
}

function defaultSeasonPeriod(inference: FrequencyInference, length: number): number {
  const primary = seasonPeriods(inference.frequency, { step: inference.step, length })[0] ?? 1;
  return Number.isInteger(primary) ? primary : 1;
}

function defaultCalendar(
  inference: FrequencyInference,
  length: number,
): Omit<FeatureSpecification, 'lags' | 'rollingWindows' | 'exogenousNames' | 'timeZone'> {
  switch (inference.frequency) {
    case 'minute':
    case 'hour':
      return { dayOfWeek: true, month: false, hourOfDay: true };
    case 'day':
      return { dayOfWeek: inference.step === 1, month: false, hourOfDay: false };
    case 'week':
      return { dayOfWeek: false, month: length >= 104 / inference.step, hourOfDay: false };
    case 'month':
      return { dayOfWeek: false, month: inference.step === 1 && length >= 36, hourOfDay: false };
    default:
      return { dayOfWeek: false, month: false, hourOfDay: false };
  }
}

function sortedUnique(values: readonly number[]): number[] {
  return [...new Set(values)].sort((left, right) => left - right);
}

function validateExogenous(
  exogenous: Readonly<Record<string, readonly number[]>>,
  length: number,
  what: string,
): void {
  for (const [name, values] of Object.entries(exogenous)) {
    if (values.length < length) {
      fail(`The exogenous regressor "${name}" needs ${length} ${what} values; got ${values.length}.`);
    }
    for (let index = 0; index < length; index++) {
      if (!Number.isFinite(values[index])) {
        fail(`The exogenous regressor "${name}" has a non-finite ${what} value at position ${index}.`);
      }
    }
  }
}

function standardizedImportances(
  fit: ElasticNetFit,
  features: readonly { name: string; group: FeatureGroup }[],
): FeatureImportance[] {
  const total = fit.standardized.reduce((sum, value) => sum + Math.abs(value), 0);
  return features
    .map((feature, index) => {
      const standardizedCoefficient = fit.standardized[index] as number;
      return {
        feature: feature.name,
        group: feature.group,
        coefficient: fit.coefficients[index] as number,
        standardizedCoefficient,
        importance: total > 0 ? Math.abs(standardizedCoefficient) / total : 0,
      };
    })
    .sort((left, right) => Math.abs(right.standardizedCoefficient) - Math.abs(left.standardizedCoefficient));
}

/**
 * A feature-based regression forecaster: an elastic net (Friedman, Hastie & Tibshirani 2010) on lagged values,
 * rolling means and standard deviations of past values, calendar dummies and Fourier terms, and exogenous
 * regressors, forecasting recursively (each prediction is fed back as a lag for the next step).
 *
 * 1. Features of time t are built only from values before t (and from the calendar and exogenous values of t,
 *    which are known in advance), so nothing the model predicts is ever among its inputs.
 * 2. Columns are standardised on the training rows; the penalty is chosen by expanding-window cross-validation
 *    of one-step errors (or fixed by `penalty`); the intercept is not penalised.
 * 3. Intervals are conformal: the model is refitted (at the chosen penalty) at up to 50 rolling origins in the
 *    second half of the history, each forecasts `calibrationHorizon` steps recursively, and at each step the
 *    ⌈(n + 1) p⌉-th smallest absolute error is the half-width (see the internal `conformalStepWidths`).
 *
 * Gradient boosting was not used: no maintained, deterministic, pure-JavaScript or WebAssembly boosting library
 * runs in both Node and browsers without native builds or runtime downloads.
 *
 * @param timestamps - epoch milliseconds, strictly increasing and equally spaced (business days allowed).
 * @param values - finite observations, one per timestamp, at least 11 (more with longer lags or windows).
 * @returns a {@link RegressionForecastModel}; `parameters` holds `intercept`, one coefficient per feature (on
 *   the transformed scale), `lambda` and `mixing`.
 * @throws DyocenseError `invalid_input` for mismatched, unordered or unevenly spaced timestamps, non-finite
 *   values, bad options, exogenous series of the wrong length, negative values with `log1p`, or calendar
 *   features on integer-indexed data; `insufficient_data` when fewer than 10 rows remain after the largest lag
 *   or window.
 * @example
 * const model = fitRegressionForecast(days, sales, { exogenous: { promo }, futureExogenous: { promo: plannedPromo } });
 * const { mean, intervals } = model.forecast(14, [80, 95]);
 * model.featureImportance()[0]; // { feature: 'lag_7', group: 'lag', ... }
 */
export function fitRegressionForecast(
  timestamps: readonly number[],
  values: readonly number[],
  options: RegressionForecastOptions = {},
): RegressionForecastModel {
  const history = validateHistory(values, method, 2);
  validateTimestamps(timestamps, history.length);
  const parsed = parseInput(optionsSchema, options, 'regression options');
  const n = history.length;
  const inference = inferSpacing(timestamps, parsed.timeZone);
  const seasonPeriod = parsed.seasonPeriod ?? defaultSeasonPeriod(inference, n);
  if (parsed.calendar !== undefined && inference.frequency === 'period') {
    const requested = Object.values(parsed.calendar).some(Boolean);
    if (requested)
      fail('Calendar features need calendar timestamps; these look like integer period indices.');
  }
  const calendar =
    parsed.calendar === undefined
      ? defaultCalendar(inference, n)
      : {
          dayOfWeek: parsed.calendar.dayOfWeek ?? false,
          month: parsed.calendar.month ?? false,
          hourOfDay: parsed.calendar.hourOfDay ?? false,
        };
  const roomFor = (span: number): boolean => n - span >= 3 * minimumRows;
  const lags = sortedUnique(
    parsed.lags ?? [
      ...Array.from({ length: Math.min(shortLags, n - 1 - minimumRows) }, (_, index) => index + 1),
      ...(seasonPeriod > 1 ? [seasonPeriod, 2 * seasonPeriod].filter(roomFor) : []),
    ],
  );
  const rollingWindows = sortedUnique(
    parsed.rollingWindows ?? (seasonPeriod > 1 && roomFor(seasonPeriod) ? [seasonPeriod] : []),
  );
  const exogenous = parsed.exogenous ?? {};
  const exogenousNames = Object.keys(exogenous).sort();
  for (const [name, values] of Object.entries(exogenous)) {
    if (values.length !== n)
      fail(`The exogenous regressor "${name}" needs ${n} history values; got ${values.length}.`);
  }
  validateExogenous(exogenous, n, 'history');
  const futureDefaults = parsed.futureExogenous;
  if (futureDefaults !== undefined) {
    const unknown = Object.keys(futureDefaults).find((name) => !Object.hasOwn(exogenous, name));
    if (unknown !== undefined)
      fail(`futureExogenous names "${unknown}", which is not an exogenous regressor.`);
  }
  if (parsed.transform === 'log1p' && history.some((value) => value < 0)) {
    fail('The log1p transform needs non-negative values (counts, sales, amounts).');
  }
  const forward = parsed.transform === 'log1p' ? Math.log1p : (value: number) => value;
  const backward =
    parsed.transform === 'log1p'
      ? (value: number) => Math.max(0, Math.expm1(value))
      : (value: number) => value;
  const series = history.map(forward);

  const specification: FeatureSpecification = {
    lags,
    rollingWindows,
    ...calendar,
    exogenousNames,
    timeZone: inference.timeZone,
  };
  const firstIndex = firstFeatureIndex(specification);
  if (n <= minimumRows || n - firstIndex < minimumRows) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `The regression needs at least ${minimumRows + 1} observations and ${minimumRows} after its largest lag or window (${firstIndex}); got ${n} observations. Use shorter lags or a longer history.`,
      details: { required: Math.max(minimumRows + 1, firstIndex + minimumRows), received: n },
    });
  }
  const staticRows = timestamps.map((timestamp, index) =>
    staticFeatures(
      timestamp,
      exogenousNames.map((name) => (exogenous[name] as number[])[index] as number),
      specification,
    ),
  );
  const design = buildDesign(series, staticRows, specification);
  const problem = {
    columns: design.columns,
    target: design.target,
    rowCount: design.rowCount,
    mixing: parsed.mixing,
  };
  const lambda = parsed.penalty ?? selectPenalty(design, parsed.mixing, minimumRows);
  const fit = fitElasticNet(problem, lambda);
  ensureFinite([fit.intercept, ...fit.coefficients], method, 'coefficients');

  const features = describeFeatures(specification);
  const fitted: (number | null)[] = Array.from({ length: n }, () => null);
  const residuals: (number | null)[] = Array.from({ length: n }, () => null);
  const row = new Float64Array(features.length);
  for (let offset = 0; offset < design.rowCount; offset++) {
    for (let column = 0; column < features.length; column++)
      row[column] = (design.columns[column] as Float64Array)[offset] as number;
    const index = firstIndex + offset;
    const value = backward(predictRow(fit, row));
    fitted[index] = value;
    residuals[index] = (history[index] as number) - value;
  }
  ensureFinite(fitted, method, 'fitted values');

  // Rolling-origin errors for the conformal intervals, each origin refitted on its own past only.
  const calibrationHorizon = Math.max(
    1,
    Math.min(parsed.calibrationHorizon ?? Math.max(2 * seasonPeriod, 12), Math.floor(design.rowCount / 4)),
  );
  const earliestOrigin = firstIndex + Math.max(minimumRows, Math.ceil(design.rowCount / 2));
  const latestOrigin = n - calibrationHorizon >= earliestOrigin ? n - calibrationHorizon : n - 1;
  const errors: number[][] = [];
  if (earliestOrigin <= latestOrigin) {
    const count = Math.min(maximumOrigins, latestOrigin - earliestOrigin + 1);
    const origins = sortedUnique(
      Array.from({ length: count }, (_, index) =>
        count === 1
          ? latestOrigin
          : latestOrigin - Math.round((index * (latestOrigin - earliestOrigin)) / (count - 1)),
      ),
    );
    for (const origin of origins) {
      const steps = Math.min(calibrationHorizon, n - origin);
      const originFit = fitElasticNet(
        { ...problem, rowCount: origin - firstIndex },
        lambda,
        fit.standardized,
      );
      const predictions = forecastRecursively(
        originFit,
        series,
        origin,
        staticRows.slice(origin, origin + steps),
        specification,
      );
      errors.push(predictions.map((prediction, step) => (series[origin + step] as number) - prediction));
    }
  }

  const parameters: Record<string, number> = { intercept: fit.intercept };
  features.forEach((feature, index) => {
    parameters[feature.name] = fit.coefficients[index] as number;
  });
  parameters.lambda = lambda;
  parameters.mixing = parsed.mixing;
  const describe = [
    lags.length > 0 ? `lags ${lags.join(',')}` : '',
    rollingWindows.length > 0 ? `rolling ${rollingWindows.join(',')}` : '',
    calendar.dayOfWeek ? 'day of week' : '',
    calendar.month ? 'month' : '',
    calendar.hourOfDay ? 'hour of day' : '',
    exogenousNames.length > 0 ? `exogenous ${exogenousNames.join(',')}` : '',
    parsed.transform === 'log1p' ? 'log1p' : '',
  ].filter((part) => part !== '');
  const lastTimestamp = timestamps[n - 1] as number;

  return {
    method: `Regression(${describe.join('; ') || 'intercept only'})`,
    parameters,
    fitted,
    residuals,
    features: features.map((feature) => feature.name),
    seasonPeriod,
    featureImportance: () => standardizedImportances(fit, features),
    forecast(horizon: number, levels: readonly number[], future?: RegressionFutureInputs): ModelForecast {
      validateForecastRequest(horizon, levels);
      const supplied = future?.exogenous ?? futureDefaults ?? {};
      for (const name of exogenousNames) {
        if (!Object.hasOwn(supplied, name)) {
          fail(`Forecasting needs future values of the exogenous regressor "${name}" for ${horizon} steps.`);
        }
      }
      validateExogenous(
        Object.fromEntries(exogenousNames.map((name) => [name, supplied[name] as readonly number[]])),
        horizon,
        'future',
      );
      const futureRows = futureTimestamps(lastTimestamp, inference, horizon).map((timestamp, step) =>
        staticFeatures(
          timestamp,
          exogenousNames.map((name) => (supplied[name] as readonly number[])[step] as number),
          specification,
        ),
      );
      const transformedMean = forecastRecursively(fit, series, n, futureRows, specification);
      ensureFinite(transformedMean, method, 'forecast');
      const widths = conformalStepWidths(errors, horizon, levels);
      const intervals: PredictionInterval[] = levels.map((level, index) => {
        const width = widths[index] as number[];
        return {
          level,
          lower: transformedMean.map((value, step) => backward(value - (width[step] as number))),
          upper: transformedMean.map((value, step) => backward(value + (width[step] as number))),
        };
      });
      return ensureFiniteForecast({ mean: transformedMean.map(backward), intervals }, method);
    },
  };
}
