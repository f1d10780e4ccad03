import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { chiSquareSurvival } from '../internal/distributions/chi-square-distribution.js';
import { normalQuantile, normalSurvival } from '../internal/distributions/normal-distribution.js';
import { studentTTwoSided } from '../internal/distributions/student-t-distribution.js';
import { householderQr } from '../internal/linear-algebra/householder-qr.js';
import { assertAlignedDates, datesSchema, isConstant, wideSeriesSchema } from '../internal/series-input.js';
import { fitLocalLevel } from './internal/fit-local-level.js';
import { forecastLocalLevel } from './internal/local-level-filter.js';
import {
  type CounterfactualForecast,
  olsCounterfactual,
  studentTCritical,
} from './internal/ols-counterfactual.js';

/** Counterfactual models. */
export const impactMethods = ['auto', 'state-space', 'ols'] as const;

/** Below this many pre-period points `auto` prefers OLS (it had better power at 90 pre days in our study). */
export const shortHistoryThreshold = 180;

const inputSchema = z
  .object({
    /** One equally spaced series per metric, aligned on the same dates. */
    series: wideSeriesSchema,
    /** Optional ISO row dates; required when the intervention is given as a date. */
    dates: datesSchema.optional(),
    /** The metric the intervention may have changed. */
    target: z.string().min(1),
    /**
     * Covariates that predict the target and were NOT affected by the intervention (e.g. traffic, price,
     * weather). Default: every other series. A covariate downstream of the target absorbs the effect.
     */
    controls: z.array(z.string().min(1)).optional(),
    /** Lags per control (0 = same day). Default `[0]` for each. */
    controlLags: z.record(z.string(), z.array(z.number().int().min(0).max(60)).min(1)).optional(),
    /** First post-intervention row (0-based). Give this or `interventionDate`. */
    interventionIndex: z.number().int().min(1).optional(),
    /** First post-intervention date; must be one of `dates`. */
    interventionDate: z.string().optional(),
    /** Interval level. Default 0.95. */
    level: z.number().gt(0.5).lt(1).default(0.95),
    /** `auto` (default) applies the documented rule; see {@link estimateImpact}. */
    method: z.enum(impactMethods).default('auto'),
    /** Start of the state-space filter. `exact` (default) or statsmodels' `approximate` (variance 10⁶, burn-in). */
    initialization: z.enum(['exact', 'approximate']).default('exact'),
    /** Run an in-time placebo check on the pre period. Default true. */
    placebo: z.boolean().default(true),
  })
  .refine((input) => (input.interventionIndex === undefined) !== (input.interventionDate === undefined), {
    message: 'give exactly one of interventionIndex and interventionDate',
    path: ['interventionIndex'],
  });

/** Input of {@link estimateImpact}. */
export type ImpactInput = z.input<typeof inputSchema>;

/** An estimate with its interval. */
export interface Interval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/** One post-period row. */
export interface PointwiseImpact {
  readonly index: number;
  readonly date?: string;
  readonly actual: number;
  readonly predicted: number;
  readonly predictedLower: number;
  readonly predictedUpper: number;
  readonly effect: number;
  readonly effectLower: number;
  readonly effectUpper: number;
}

/** The in-time placebo: a fake intervention inside the pre period should show no effect. */
export interface PlaceboCheck {
  readonly interventionIndex: number;
  readonly cumulative: Interval;
  readonly pValue: number;
  /** True when the placebo effect is not significant at 1 − level. */
  readonly passed: boolean;
}

/** Result of {@link estimateImpact}. */
export interface ImpactResult {
  readonly target: string;
  readonly method: 'state-space' | 'ols';
  /** Why this method was used. */
  readonly methodReason: string;
  readonly level: number;
  readonly interventionIndex: number;
  readonly interventionDate?: string;
  readonly preObservations: number;
  readonly postObservations: number;
  /** Regressor names as `control` or `control@lag`. */
  readonly regressors: readonly string[];
  readonly model: {
    /** State-space: variances and log-likelihood; OLS: residual variance. */
    readonly sigma2Irregular: number;
    readonly sigma2Level?: number;
    readonly logLikelihood?: number;
    /** State-space: final filtered coefficients; OLS: fitted coefficients, by regressor. */
    readonly coefficients: Readonly<Record<string, number>>;
  };
  readonly pointwise: readonly PointwiseImpact[];
  /** Mean daily effect. */
  readonly average: Interval;
  readonly cumulative: Interval & {
    readonly standardError: number;
    readonly actual: number;
    readonly predicted: number;
  };
  /** Cumulative effect over the predicted total (delta-method interval); null when the prediction is not positive. */
  readonly relative: Interval | null;
  /** Two-sided tail probability of the cumulative effect under "no effect". */
  readonly pValue: number;
  readonly significant: boolean;
  readonly placebo: PlaceboCheck | { readonly skipped: string };
  readonly assumptions: readonly string[];
  readonly warnings: readonly string[];
  /** Plain-language summary. */
  readonly statement: string;
}

interface Prepared {
  readonly response: Float64Array;
  readonly regressors: Float64Array[];
  readonly names: string[];
  readonly offset: number;
}

function prepare(
  series: Record<string, number[]>,
  target: string,
  controls: readonly string[],
  controlLags: Readonly<Record<string, readonly number[]>>,
): Prepared {
  const columns: { name: string; values: readonly number[]; lag: number }[] = [];
  for (const control of controls) {
    const lags = controlLags[control] ?? [0];
    for (const lag of lags) {
      columns.push({
        name: lag === 0 ? control : `${control}@${lag}`,
        values: series[control] as number[],
        lag,
      });
    }
  }
  // Lagged regressors have no value before their lag: the first max-lag rows are dropped rather than padded.
  const offset = Math.max(0, ...columns.map((column) => column.lag));
  const all = series[target] as number[];
  const response = Float64Array.from(all.slice(offset));
  const regressors = columns.map((column) =>
    Float64Array.from(
      { length: response.length },
      (_, t) => column.values[t + offset - column.lag] as number,
    ),
  );
  return { response, regressors, names: columns.map((column) => column.name), offset };
}

function ljungBoxPValue(residuals: Float64Array): number {
  const n = residuals.length;
  const lags = Math.max(1, Math.min(10, Math.floor(n / 5)));
  let mean = 0;
  for (const value of residuals) mean += value;
  mean /= n;
  let denominator = 0;
  for (const value of residuals) denominator += (value - mean) ** 2;
  if (denominator === 0) return 1;
  let statistic = 0;
  for (let k = 1; k <= lags; k++) {
    let numerator = 0;
    for (let t = k; t < n; t++)
      numerator += ((residuals[t] as number) - mean) * ((residuals[t - k] as number) - mean);
    statistic += (numerator / denominator) ** 2 / (n - k);
  }
  return chiSquareSurvival(n * (n + 2) * statistic, lags);
}

interface Forecast extends CounterfactualForecast {
  readonly method: 'state-space' | 'ols';
  readonly reason: string;
  readonly sigma2Irregular: number;
  readonly sigma2Level?: number;
  readonly logLikelihood?: number;
  readonly coefficientValues: Float64Array;
}

function forecast(
  prepared: Prepared,
  split: number,
  end: number,
  method: (typeof impactMethods)[number],
  initialization: 'exact' | 'approximate',
): Forecast {
  const preResponse = prepared.response.subarray(0, split);
  const preRegressors = prepared.regressors.map((column) => column.subarray(0, split));
  const postRegressors = prepared.regressors.map((column) => column.subarray(split, end));
  const horizon = end - split;
  const ols = olsCounterfactual(preResponse, preRegressors, postRegressors, horizon);
  if (ols === undefined) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `The controls are collinear in the pre period (${prepared.names.join(', ')}): drop one of them`,
    });
  }
  let chosen: 'state-space' | 'ols' = method === 'ols' ? 'ols' : 'state-space';
  let reason = method === 'auto' ? '' : `requested ${method}`;
  if (method === 'auto') {
    if (split >= shortHistoryThreshold) {
      reason = `${split} pre-period points (>= ${shortHistoryThreshold}): local level + regression state-space model`;
    } else {
      const pLjungBox = ljungBoxPValue(ols.residuals);
      chosen = pLjungBox < 0.05 ? 'state-space' : 'ols';
      reason =
        chosen === 'ols'
          ? `${split} pre-period points (< ${shortHistoryThreshold}) and uncorrelated OLS residuals (Ljung-Box p = ${pLjungBox.toFixed(3)}): OLS with t intervals`
          : `${split} pre-period points (< ${shortHistoryThreshold}) but autocorrelated OLS residuals (Ljung-Box p = ${pLjungBox.toFixed(3)}): state-space model`;
    }
  }
  if (chosen === 'ols') {
    return {
      ...ols,
      method: 'ols',
      reason,
      sigma2Irregular: ols.residualVariance,
      coefficientValues: ols.coefficients,
    };
  }
  const fit = fitLocalLevel(preResponse, preRegressors, initialization);
  const result = forecastLocalLevel(
    fit.filter,
    postRegressors,
    horizon,
    fit.sigma2Irregular,
    fit.sigma2Level,
  );
  return {
    means: result.means,
    variances: result.variances,
    cumulativeVariance: result.cumulativeVariance,
    degreesOfFreedom: Number.POSITIVE_INFINITY,
    residuals: fit.filter.predictionErrors,
    residualVariance: fit.sigma2Irregular,
    coefficients: fit.filter.state,
    method: 'state-space',
    reason,
    sigma2Irregular: fit.sigma2Irregular,
    sigma2Level: fit.sigma2Level,
    logLikelihood: fit.logLikelihood,
    coefficientValues: fit.filter.state,
  };
}

function twoSided(statistic: number, degreesOfFreedom: number): number {
  if (!Number.isFinite(statistic)) return 0;
  return Number.isFinite(degreesOfFreedom)
    ? studentTTwoSided(statistic, degreesOfFreedom)
    : Math.min(1, 2 * normalSurvival(Math.abs(statistic)));
}

function critical(level: number, degreesOfFreedom: number): number {
  return Number.isFinite(degreesOfFreedom)
    ? studentTCritical(1 - level, degreesOfFreedom)
    : normalQuantile(1 - (1 - level) / 2);
}

function cumulativeEffect(
  actual: Float64Array,
  result: CounterfactualForecast,
  level: number,
): { interval: Interval; standardError: number; actual: number; predicted: number; pValue: number } {
  let actualSum = 0;
  let predictedSum = 0;
  for (let i = 0; i < actual.length; i++) {
    actualSum += actual[i] as number;
    predictedSum += result.means[i] as number;
  }
  const standardError = Math.sqrt(Math.max(0, result.cumulativeVariance));
  const estimate = actualSum - predictedSum;
  const width = critical(level, result.degreesOfFreedom) * standardError;
  const statistic =
    standardError > 0 ? estimate / standardError : estimate === 0 ? 0 : Number.POSITIVE_INFINITY;
  return {
    interval: { estimate, lower: estimate - width, upper: estimate + width },
    standardError,
    actual: actualSum,
    predicted: predictedSum,
    pValue: twoSided(statistic, result.degreesOfFreedom),
  };
}

/**
 * Estimates what an intervention (a launch, a price change, a redesign) did to a metric by predicting what the
 * metric would have done without it — CausalImpact-style, without MCMC, so every run gives the same numbers.
 *
 * The counterfactual regresses the target on controls over the pre period and predicts the post period:
 * - `state-space`: local level + static regression (statsmodels `UnobservedComponents('llevel')` with the
 *   coefficients as states), both variances by maximum likelihood with a Kalman filter, exact diffuse start.
 *   Cumulative intervals use the closed-form covariance of the summed forecast errors.
 * - `ols`: the same regression without the level, with t prediction intervals.
 * - `auto` (default) rule: at least {@link shortHistoryThreshold} pre-period points → state-space; fewer → OLS
 *   unless its residuals fail a Ljung-Box test at 5% (autocorrelated residuals make OLS intervals too narrow).
 *
 * Effects are actual − predicted: pointwise, average, cumulative and relative (delta method), each with an
 * interval at `level`, and a two-sided p-value of the cumulative effect. An in-time placebo refits on the pre
 * period with a fake intervention as long as the real post period (up to a third of the pre period).
 *
 * Assumes the controls were not affected by the intervention and the pre-period relationship holds afterwards.
 *
 * @throws DyocenseError `invalid_input` for unknown or duplicated names, the target among the controls, NaN,
 * misaligned dates, a control constant or collinear in the pre period; `insufficient_data` when the pre period
 * has fewer than max(20, 3 × regressors + 5) points.
 * @example
 * const impact = estimateImpact({ series, dates, target: 'orders', controls: ['traffic', 'price'],
 *   interventionDate: '2024-10-03' });
 * impact.cumulative; // { estimate, lower, upper, ... }
 */
export function estimateImpact(input: ImpactInput): ImpactResult {
  const options = parseInput(inputSchema, input, 'impact input');
  const names = Object.keys(options.series);
  const rows = (options.series[names[0] as string] as number[]).length;
  if (options.dates !== undefined) assertAlignedDates(options.dates, rows);
  if (!names.includes(options.target)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Unknown target ${options.target}; series are ${names.join(', ')}`,
    });
  }
  const controls = options.controls ?? names.filter((name) => name !== options.target);
  for (const control of controls) {
    if (!names.includes(control)) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Unknown control ${control}; series are ${names.join(', ')}`,
      });
    }
    if (control === options.target) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `The target ${control} cannot be its own control`,
      });
    }
  }
  if (new Set(controls).size !== controls.length) {
    throw new DyocenseError({ code: 'invalid_input', message: 'Controls are listed more than once' });
  }
  for (const name of Object.keys(options.controlLags ?? {})) {
    if (!controls.includes(name)) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `controlLags names ${name}, which is not a control`,
      });
    }
  }
  let interventionIndex = options.interventionIndex;
  if (options.interventionDate !== undefined) {
    if (options.dates === undefined) {
      throw new DyocenseError({ code: 'invalid_input', message: 'interventionDate needs dates' });
    }
    const found = options.dates.findIndex(
      (date) => date.slice(0, 10) === options.interventionDate?.slice(0, 10),
    );
    if (found < 0) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Intervention date ${options.interventionDate} is not among the dates (${options.dates[0]} to ${options.dates[rows - 1]})`,
      });
    }
    interventionIndex = found;
  }
  const start = interventionIndex as number;
  if (start >= rows) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `No post-intervention data: the intervention is at row ${start} of ${rows}`,
    });
  }
  const prepared = prepare(options.series, options.target, controls, options.controlLags ?? {});
  const split = start - prepared.offset;
  const regressorCount = prepared.regressors.length;
  const minimum = Math.max(20, 3 * regressorCount + 5);
  if (split < minimum) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `Too little history before the intervention: ${split} usable points, at least ${minimum} needed for ${regressorCount} regressors`,
      details: { points: split, minimum },
    });
  }
  prepared.regressors.forEach((column, index) => {
    if (isConstant(column.subarray(0, split))) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Control ${prepared.names[index]} is constant before the intervention: it cannot explain the target`,
      });
    }
  });
  if (isConstant(prepared.response.subarray(0, split)) && regressorCount === 0) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Target ${options.target} is constant before the intervention`,
    });
  }
  const end = prepared.response.length;
  const result = forecast(prepared, split, end, options.method, options.initialization);
  const actual = prepared.response.subarray(split, end);
  const horizon = end - split;
  const level = options.level;
  const pointCritical = critical(level, result.degreesOfFreedom);
  const pointwise: PointwiseImpact[] = [];
  for (let i = 0; i < horizon; i++) {
    const predicted = result.means[i] as number;
    const halfWidth = pointCritical * Math.sqrt(Math.max(0, result.variances[i] as number));
    const value = actual[i] as number;
    const index = start + i;
    const date = options.dates?.[index];
    pointwise.push({
      index,
      ...(date === undefined ? {} : { date }),
      actual: value,
      predicted,
      predictedLower: predicted - halfWidth,
      predictedUpper: predicted + halfWidth,
      effect: value - predicted,
      effectLower: value - predicted - halfWidth,
      effectUpper: value - predicted + halfWidth,
    });
  }
  const cumulative = cumulativeEffect(actual, result, level);
  const relative =
    cumulative.predicted > 0
      ? (() => {
          // Delta method for A/P − 1 with P uncertain: sd = A · sd(P) / P².
          const estimate = cumulative.interval.estimate / cumulative.predicted;
          const width =
            (critical(level, result.degreesOfFreedom) * cumulative.actual * cumulative.standardError) /
            cumulative.predicted ** 2;
          return { estimate, lower: estimate - Math.abs(width), upper: estimate + Math.abs(width) };
        })()
      : null;
  const warnings: string[] = [];
  if (relative === null)
    warnings.push('The predicted total is not positive, so no relative effect is reported');
  const alpha = 1 - level;
  const significant = cumulative.pValue < alpha;
  const placebo = runPlacebo(prepared, split, horizon, result.method, options.initialization, level);
  if ('passed' in placebo && !placebo.passed) {
    warnings.push(
      `The in-time placebo found an "effect" before the intervention (p = ${placebo.pValue.toFixed(3)}): the model may be misspecified, so treat the estimate with caution`,
    );
  }
  const coefficientNames = ['level', ...prepared.names];
  const coefficients = Object.fromEntries(
    coefficientNames.map((name, index) => [
      result.method === 'ols' && index === 0 ? 'intercept' : name,
      result.coefficientValues[index] as number,
    ]),
  );
  const percent = Math.round(level * 100);
  const direction = cumulative.interval.estimate >= 0 ? 'more' : 'fewer';
  const statement = significant
    ? `${options.target} was ${Math.abs(cumulative.interval.estimate).toPrecision(4)} ${direction} than expected over ${horizon} periods (${percent}% interval ${cumulative.interval.lower.toPrecision(4)} to ${cumulative.interval.upper.toPrecision(4)}; p = ${cumulative.pValue.toPrecision(2)}), assuming ${controls.length > 0 ? controls.join(', ') : 'nothing else'} ${controls.length === 1 ? 'was' : 'were'} not affected by the change`
    : `No clear effect on ${options.target}: the cumulative difference ${cumulative.interval.estimate.toPrecision(4)} is within what the model expects (${percent}% interval ${cumulative.interval.lower.toPrecision(4)} to ${cumulative.interval.upper.toPrecision(4)}; p = ${cumulative.pValue.toPrecision(2)})`;
  const interventionDate = options.dates?.[start];
  return {
    target: options.target,
    method: result.method,
    methodReason: result.reason,
    level,
    interventionIndex: start,
    ...(interventionDate === undefined ? {} : { interventionDate }),
    preObservations: split,
    postObservations: horizon,
    regressors: prepared.names,
    model: {
      sigma2Irregular: result.sigma2Irregular,
      ...(result.sigma2Level === undefined ? {} : { sigma2Level: result.sigma2Level }),
      ...(result.logLikelihood === undefined ? {} : { logLikelihood: result.logLikelihood }),
      coefficients,
    },
    pointwise,
    average: {
      estimate: cumulative.interval.estimate / horizon,
      lower: cumulative.interval.lower / horizon,
      upper: cumulative.interval.upper / horizon,
    },
    cumulative: {
      ...cumulative.interval,
      standardError: cumulative.standardError,
      actual: cumulative.actual,
      predicted: cumulative.predicted,
    },
    relative,
    pValue: cumulative.pValue,
    significant,
    placebo,
    assumptions: [
      `The controls (${controls.join(', ') || 'none'}) were not affected by the intervention`,
      'The pre-period relationship between the target and the controls would have continued',
    ],
    warnings,
    statement,
  };
}

function runPlacebo(
  prepared: Prepared,
  split: number,
  horizon: number,
  method: 'state-space' | 'ols',
  initialization: 'exact' | 'approximate',
  level: number,
): PlaceboCheck | { readonly skipped: string } {
  const length = Math.min(horizon, Math.floor(split / 3));
  const fakeSplit = split - length;
  const minimum = Math.max(20, 3 * prepared.regressors.length + 5);
  if (length < 1 || fakeSplit < minimum) {
    return { skipped: `too little pre-period history for a placebo (${split} points)` };
  }
  const truncated: Prepared = {
    ...prepared,
    response: prepared.response.subarray(0, split),
    regressors: prepared.regressors.map((column) => column.subarray(0, split)),
  };
  if (truncated.regressors.some((column) => isConstant(column.subarray(0, fakeSplit)))) {
    return { skipped: 'a control is constant before the placebo date' };
  }
  const design = new Float64Array(fakeSplit * (1 + truncated.regressors.length));
  design.fill(1, 0, fakeSplit);
  truncated.regressors.forEach((column, index) => {
    design.set(column.subarray(0, fakeSplit), (index + 1) * fakeSplit);
  });
  if (householderQr(design, fakeSplit, 1 + truncated.regressors.length).dependentColumn >= 0) {
    return { skipped: 'the controls are collinear before the placebo date' };
  }
  const result = forecast(truncated, fakeSplit, split, method, initialization);
  const effect = cumulativeEffect(truncated.response.subarray(fakeSplit, split), result, level);
  return {
    interventionIndex: fakeSplit + prepared.offset,
    cumulative: effect.interval,
    pValue: effect.pValue,
    passed: effect.pValue >= 1 - level,
  };
}
