import { DyocenseError, parseInput } from '@dyocense/core';
import type { PredictionInterval } from '../model/fitted-model.js';
import type {
  ComponentSeries,
  DecomposableComponents,
  DecomposableForecast,
  DecomposableForecastOptions,
  DecomposableModel,
  TrendChangepoint,
} from './decomposable-model.js';
import {
  type DecomposableOptions,
  decomposableOptionsSchema,
  type ResolvedDecomposableOptions,
} from './decomposable-options.js';
import { buildFeatures, createFeaturePlan, type FeaturePlan } from './internal/feature-plan.js';
import { fitMap } from './internal/fit-map.js';
import { inferFutureStep, resolveFutureTimestamps } from './internal/future-timestamps.js';
import { simulateIntervals } from './internal/simulate-intervals.js';
import { trendBasis, trendFromPredictor } from './internal/trend-basis.js';

const millisecondsPerDay = 86_400_000;

function invalid(message: string): DyocenseError {
  return new DyocenseError({ code: 'invalid_input', message });
}

function validateSeries(timestamps: readonly number[], values: readonly number[]): void {
  if (!Array.isArray(timestamps) || !Array.isArray(values)) {
    throw invalid('The decomposable model needs arrays of timestamps (epoch ms) and values.');
  }
  if (timestamps.length !== values.length) {
    throw invalid(`Got ${timestamps.length} timestamps but ${values.length} values; they must pair up.`);
  }
  for (let index = 0; index < values.length; index += 1) {
    const value: unknown = values[index];
    const timestamp: unknown = timestamps[index];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `The history has a missing or non-finite value at position ${index}; drop that timestamp instead.`,
        issues: [{ path: ['values', index], message: 'Expected a finite number', code: 'not_finite' }],
      });
    }
    if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Timestamp ${index} is not a finite epoch-ms number.`,
        issues: [{ path: ['timestamps', index], message: 'Expected a finite number', code: 'not_finite' }],
      });
    }
    if (index > 0 && timestamp <= (timestamps[index - 1] ?? Number.NEGATIVE_INFINITY)) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Timestamps must be strictly increasing; position ${index} is not after the one before.`,
        issues: [
          {
            path: ['timestamps', index],
            message: 'Expected an increasing timestamp',
            code: 'not_increasing',
          },
        ],
      });
    }
  }
  if (values.length < 2) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `The decomposable model needs at least 2 observations; got ${values.length}.`,
      details: { required: 2, received: values.length },
    });
  }
}

function validateRequest(horizon: number, levels: readonly number[]): void {
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 1_000_000) {
    throw invalid(`The horizon must be a whole number of steps from 1 to 1,000,000; got ${String(horizon)}.`);
  }
  if (!Array.isArray(levels)) throw invalid('Interval levels must be an array of percentages.');
  for (const level of levels) {
    if (typeof level !== 'number' || !(level > 0 && level < 100)) {
      throw invalid(`Interval levels are percentages strictly between 0 and 100; got ${String(level)}.`);
    }
  }
}

/** NumPy's `round` (half to even), so automatic changepoints fall on the same rows as Prophet's. */
function roundHalfEven(value: number): number {
  const rounded = Math.round(value);
  return Math.abs(value % 1) === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded;
}

function changepointTimestamps(
  timestamps: readonly number[],
  options: ResolvedDecomposableOptions,
): number[] {
  if (options.growth === 'flat') return [];
  const first = timestamps[0] ?? 0;
  const last = timestamps[timestamps.length - 1] ?? 0;
  if (options.changepoints !== undefined) {
    for (const changepoint of options.changepoints) {
      if (changepoint < first || changepoint > last) {
        throw invalid(
          'Explicit changepoints must fall within the history (between the first and last timestamp).',
        );
      }
    }
    return [...new Set(options.changepoints)].sort((left, right) => left - right);
  }
  const historySize = Math.floor(timestamps.length * options.changepointRange);
  const count = Math.min(options.changepointCount, historySize - 1);
  if (count <= 0) return [];
  const result: number[] = [];
  for (let index = 1; index <= count; index += 1) {
    result.push(timestamps[roundHalfEven(((historySize - 1) * index) / count)] ?? first);
  }
  return result;
}

interface Pieces {
  readonly predictor: Float64Array;
  readonly trend: Float64Array;
  readonly columns: readonly Float64Array[];
}

/**
 * Fits a decomposable, Prophet-style model (Taylor & Letham 2018) `y(t) = g(t)·(1 + Σ multiplicative) + Σ additive`:
 * a piecewise-linear (or logistic, or flat) trend `g` with automatic changepoints under a Laplace prior, Fourier
 * seasonalities (yearly, weekly, daily as Prophet enables them, plus custom ones), country holidays from the
 * bundled `date-holidays` data and user events (each day of their windows its own effect, ridge-shrunk), and extra
 * regressors (standardised). Parameters are Prophet's MAP estimate on data scaled by `max |y − floor|`, computed
 * without Stan by penalised least squares (lasso on rate changes, ridge elsewhere; Gauss–Newton for logistic
 * growth and multiplicative terms). Intervals are simulated as Prophet does: future trend changes at the
 * historical rate and size plus Gaussian noise, from a seeded generator. Timestamps may be irregular.
 *
 * @param timestamps - epoch ms, strictly increasing; seasonal and holiday features use UTC calendar days.
 * @param values - one finite observation per timestamp.
 * @returns a {@link DecomposableModel}; `fitted` is the in-sample fit (no `null`s), there are no information
 * criteria (the fit is a posterior mode, not a likelihood maximum).
 * @throws DyocenseError `invalid_input` for mismatched, non-finite or unordered input, bad options, an unknown
 * holiday country, a constant regressor, `insufficient_data` for fewer than 2 observations.
 * @example
 * const model = fitDecomposable(days, sales, { holidays: { country: 'GB' }, regressors: [{ name: 'price', values: prices }] });
 * const { mean, intervals } = model.forecast(28, [80, 95], { regressors: { price: plannedPrices } });
 * model.components({ horizon: 28, regressors: { price: plannedPrices } }).seasonalities;
 */
export function fitDecomposable(
  timestamps: readonly number[],
  values: readonly number[],
  options: DecomposableOptions = {},
): DecomposableModel {
  validateSeries(timestamps, values);
  const resolved = parseInput(decomposableOptionsSchema, options, 'decomposable model options');
  const history = [...timestamps];
  const observations = [...values];
  const count = observations.length;
  const first = history[0] ?? 0;
  const last = history[count - 1] ?? 0;
  const span = last - first;

  const logistic = resolved.growth === 'logistic';
  if (!logistic && (resolved.cap !== undefined || resolved.floor !== undefined)) {
    throw invalid("`cap` and `floor` apply to logistic growth only; set growth: 'logistic'.");
  }
  if (logistic && resolved.cap === undefined) throw invalid('Logistic growth needs a capacity `cap`.');
  const floor = logistic ? (resolved.floor ?? 0) : 0;
  const cap = resolved.cap ?? 0;
  if (logistic && !(cap > floor)) throw invalid('The capacity `cap` must be above the `floor`.');
  let largest = 0;
  for (const value of observations) largest = Math.max(largest, Math.abs(value - floor));
  const scale = largest > 0 ? largest : 1;
  const capScaled = logistic ? (cap - floor) / scale : 0;
  const target = Float64Array.from(observations, (value) => (value - floor) / scale);
  const toTime = (timestamp: number): number => (timestamp - first) / span;
  const times = history.map(toTime);

  const changepoints = changepointTimestamps(history, resolved);
  const changepointTimes = changepoints.map(toTime);
  const plan: FeaturePlan = createFeaturePlan(history, resolved);
  const historyRegressors = new Map(
    resolved.regressors.map((regressor) => [regressor.name, regressor.values]),
  );
  const featureColumns = buildFeatures(plan, history, historyRegressors, resolved);
  const trendColumns = trendBasis(resolved.growth, times, changepointTimes);
  const trendCount = trendColumns.length;
  const size = trendCount + featureColumns.length;

  const ridge = new Float64Array(size);
  const lasso = new Float64Array(size);
  const initial = new Float64Array(size);
  const startValue = target[0] ?? 0;
  const endValue = target[count - 1] ?? 0;
  if (resolved.growth === 'flat') {
    ridge[0] = 1 / 25;
    initial[0] = target.reduce((total, value) => total + value, 0) / count;
  } else {
    ridge[0] = 1 / 25;
    ridge[1] = 1 / 25;
    for (let j = 2; j < trendCount; j += 1) lasso[j] = 1 / resolved.changepointPriorScale;
    if (logistic) {
      const logit = (value: number): number => {
        const ratio = Math.min(Math.max(value / capScaled, 0.01), 0.99);
        return Math.log(ratio / (1 - ratio));
      };
      initial[0] = logit(endValue) - logit(startValue);
      initial[1] = logit(startValue);
    } else {
      initial[0] = endValue - startValue;
      initial[1] = startValue;
    }
  }
  plan.columns.forEach((column, j) => {
    ridge[trendCount + j] = 1 / column.priorScale ** 2;
  });
  const multiplicative = plan.columns.map((column) => column.mode === 'multiplicative');
  const fit = fitMap({
    target,
    growth: resolved.growth,
    capScaled,
    trendColumns,
    featureColumns,
    multiplicative,
    ridge,
    lasso,
    initial,
  });
  const parameters = Array.from(fit.parameters);
  const sigma = fit.sigma * scale;

  const piecesAt = (at: readonly number[], columns: readonly Float64Array[]): Pieces => {
    const basis = trendBasis(resolved.growth, at.map(toTime), changepointTimes);
    const predictor = new Float64Array(at.length);
    basis.forEach((column, j) => {
      const value = parameters[j] ?? 0;
      for (let i = 0; i < at.length; i += 1) predictor[i] = (predictor[i] ?? 0) + value * (column[i] ?? 0);
    });
    const trend = predictor.map((value) => trendFromPredictor(resolved.growth, value, capScaled));
    return { predictor, trend, columns };
  };

  const decompose = (at: readonly number[], pieces: Pieces, isHistory: boolean): DecomposableComponents => {
    const length = at.length;
    const multiplier = new Float64Array(length);
    const additive = new Float64Array(length);
    const byComponent = new Map<string, { series: ComponentSeries; values: Float64Array }>();
    const groups: Record<string, ComponentSeries[]> = { seasonality: [], holiday: [], regressor: [] };
    plan.columns.forEach((column, j) => {
      const coefficient = parameters[trendCount + j] ?? 0;
      const feature = pieces.columns[j] as Float64Array;
      let entry = byComponent.get(column.component);
      if (entry === undefined) {
        const values = new Float64Array(length);
        entry = { series: { name: column.component, mode: column.mode, values: [] }, values };
        byComponent.set(column.component, entry);
        groups[column.kind]?.push(entry.series);
      }
      const multiplicativeColumn = column.mode === 'multiplicative';
      for (let i = 0; i < length; i += 1) {
        const effect = coefficient * (feature[i] ?? 0);
        if (multiplicativeColumn) {
          multiplier[i] = (multiplier[i] ?? 0) + effect;
          entry.values[i] = (entry.values[i] ?? 0) + effect;
        } else {
          additive[i] = (additive[i] ?? 0) + effect * scale;
          entry.values[i] = (entry.values[i] ?? 0) + effect * scale;
        }
      }
    });
    const finish = (list: ComponentSeries[] | undefined): ComponentSeries[] =>
      (list ?? []).map((series) => ({
        ...series,
        values: Array.from(byComponent.get(series.name)?.values ?? []),
      }));
    const trend = Array.from(pieces.trend, (value) => floor + scale * value);
    const mean = trend.map(
      (value, i) => floor + (value - floor) * (1 + (multiplier[i] ?? 0)) + (additive[i] ?? 0),
    );
    return {
      timestamps: [...at],
      history: at.map(() => isHistory),
      trend,
      seasonalities: finish(groups.seasonality),
      holidays: finish(groups.holiday),
      regressors: finish(groups.regressor),
      additive: Array.from(additive),
      multiplicative: Array.from(multiplier),
      mean,
    };
  };

  const historyComponents = decompose(history, piecesAt(history, featureColumns), true);
  const fitted = historyComponents.mean;
  const residuals = observations.map((value, i) => value - (fitted[i] ?? 0));
  const step: ReturnType<typeof inferFutureStep> =
    resolved.stepMs === undefined
      ? inferFutureStep(history)
      : { kind: 'fixed', milliseconds: resolved.stepMs };
  let historyStep = Number.POSITIVE_INFINITY;
  for (let i = 1; i < count; i += 1)
    historyStep = Math.min(historyStep, (times[i] ?? 0) - (times[i - 1] ?? 0));
  const deltas = parameters.slice(2, trendCount);
  const meanAbsoluteRateChange =
    resolved.growth === 'flat' || deltas.length === 0
      ? 0
      : deltas.reduce((total, delta) => total + Math.abs(delta), 0) / deltas.length;

  const future = (
    horizon: number,
    request: DecomposableForecastOptions | undefined,
  ): { readonly at: number[]; readonly pieces: Pieces; readonly components: DecomposableComponents } => {
    if (request !== undefined && (typeof request !== 'object' || request === null)) {
      throw invalid('Forecast options must be an object.');
    }
    const at = resolveFutureTimestamps(last, step, horizon, request?.timestamps);
    const given = request?.regressors ?? {};
    for (const name of Object.keys(given)) {
      if (!plan.regressors.some((regressor) => regressor.name === name)) {
        throw invalid(
          `Unknown regressor '${name}'; the model was fitted with ${plan.regressors.map((r) => `'${r.name}'`).join(', ') || 'none'}.`,
        );
      }
    }
    const futureRegressors = new Map<string, readonly number[]>();
    for (const regressor of plan.regressors) {
      const values = given[regressor.name];
      if (values === undefined || !Array.isArray(values) || values.length < horizon) {
        throw invalid(
          `Regressor '${regressor.name}' needs at least ${horizon} future values for a ${horizon}-step forecast.`,
        );
      }
      const slice = values.slice(0, horizon);
      if (slice.some((value) => typeof value !== 'number' || !Number.isFinite(value))) {
        throw invalid(`Future values of regressor '${regressor.name}' must be finite numbers.`);
      }
      futureRegressors.set(regressor.name, slice);
    }
    const pieces = piecesAt(at, buildFeatures(plan, at, futureRegressors, resolved));
    return { at, pieces, components: decompose(at, pieces, false) };
  };

  const regressorCoefficients: Record<string, number> = {};
  const namedParameters: Record<string, number> = {};
  if (resolved.growth === 'flat') namedParameters.m = parameters[0] ?? 0;
  else {
    namedParameters.k = parameters[0] ?? 0;
    namedParameters.m = parameters[1] ?? 0;
    deltas.forEach((delta, j) => {
      namedParameters[`delta[${j + 1}]`] = delta;
    });
  }
  namedParameters.sigma_obs = fit.sigma;
  namedParameters.sigma = sigma;
  namedParameters.y_scale = scale;
  plan.columns.forEach((column, j) => {
    namedParameters[`beta[${column.name}]`] = parameters[trendCount + j] ?? 0;
  });
  for (const regressor of plan.regressors) {
    const index = plan.columns.findIndex(
      (column) => column.kind === 'regressor' && column.name === regressor.name,
    );
    const beta = parameters[trendCount + index] ?? 0;
    const perUnit = (beta * (regressor.mode === 'additive' ? scale : 1)) / regressor.scale;
    regressorCoefficients[regressor.name] = perUnit;
    namedParameters[`regressor[${regressor.name}]`] = perUnit;
  }

  const rateUnit = (logistic ? 1 : scale) / (span / millisecondsPerDay);
  const changepointReport: TrendChangepoint[] = changepoints.map((timestamp, j) => ({
    timestamp,
    delta: deltas[j] ?? 0,
    rateChangePerDay: (deltas[j] ?? 0) * rateUnit,
  }));

  const describedParts = [
    resolved.growth,
    plan.seasonalities.map((seasonality) => seasonality.name).join(', '),
    plan.holidayKeys.length > 0 ? `${plan.holidayKeys.length} holiday effects` : '',
    plan.regressors.map((regressor) => regressor.name).join(', '),
  ].filter((part) => part !== '');

  return {
    method: `Decomposable(${describedParts.join('; ')})`,
    parameters: namedParameters,
    fitted,
    residuals,
    timestamps: history,
    changepoints: changepointReport,
    sigma,
    regressorCoefficients,
    forecast(
      horizon: number,
      levels: readonly number[],
      request?: DecomposableForecastOptions,
    ): DecomposableForecast {
      validateRequest(horizon, levels);
      const sortedLevels = [...new Set(levels)].sort((left, right) => left - right);
      const { at, pieces, components } = future(horizon, request);
      const mean = components.mean;
      const intervals: PredictionInterval[] = simulateIntervals(
        {
          growth: resolved.growth,
          capScaled,
          times: at.map(toTime),
          predictor: Array.from(pieces.predictor),
          multiplier: components.multiplicative.map((value) => 1 + value),
          additive: components.additive.map((value) => value / scale),
          mean,
          scale,
          floor,
          sigma: fit.sigma,
          changepointCount: changepoints.length,
          meanAbsoluteRateChange,
          historyStep: Number.isFinite(historyStep) ? historyStep : 0,
          samples: resolved.uncertaintySamples,
          seed: resolved.seed,
        },
        sortedLevels,
      );
      return { mean, intervals, timestamps: at };
    },
    components(
      request?: DecomposableForecastOptions & { readonly horizon?: number },
    ): DecomposableComponents {
      const horizon = request?.horizon ?? 0;
      if (horizon === 0) return historyComponents;
      validateRequest(horizon, []);
      const ahead = future(horizon, request).components;
      const join = (left: readonly ComponentSeries[], right: readonly ComponentSeries[]): ComponentSeries[] =>
        left.map((series, index) => ({
          ...series,
          values: [...series.values, ...(right[index]?.values ?? [])],
        }));
      return {
        timestamps: [...historyComponents.timestamps, ...ahead.timestamps],
        history: [...historyComponents.history, ...ahead.history],
        trend: [...historyComponents.trend, ...ahead.trend],
        seasonalities: join(historyComponents.seasonalities, ahead.seasonalities),
        holidays: join(historyComponents.holidays, ahead.holidays),
        regressors: join(historyComponents.regressors, ahead.regressors),
        additive: [...historyComponents.additive, ...ahead.additive],
        multiplicative: [...historyComponents.multiplicative, ...ahead.multiplicative],
        mean: [...historyComponents.mean, ...ahead.mean],
      };
    },
  };
}
