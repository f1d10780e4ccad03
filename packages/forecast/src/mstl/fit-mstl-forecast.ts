import { DyocenseError, normalQuantile, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { boxCox, inverseBoxCox } from '../forecast/internal/box-cox.js';
import type { FittedModel, ModelForecast, PredictionInterval } from '../model/fitted-model.js';
import { ensureFiniteForecast } from '../naive/internal/ensure-finite-forecast.js';
import { validateForecastRequest, validateHistory } from '../naive/internal/validate-history.js';
import { decomposeMstl, type MstlDecomposition, type MstlOptions } from './decompose-mstl.js';
import { type AdjustedSeriesModel, fitAdjustedModel } from './internal/fit-adjusted-model.js';
import { resolveLambda } from './internal/resolve-lambda.js';
import { seasonalContinuation } from './internal/seasonal-continuation.js';

export type { AdjustedSeriesModel } from './internal/fit-adjusted-model.js';

/** Options of {@link fitMstlForecast}: the decomposition's options plus the model of the adjusted series. */
export interface MstlForecastOptions extends MstlOptions {
  /**
   * Model of the seasonally adjusted series: `'ets'` (default; automatic non-seasonal ETS, R's `stlf`
   * default), `'arima'` (non-seasonal auto-ARIMA), `'theta'`, `'naive'` or `'drift'` (random walk with drift).
   */
  readonly trendModel?: AdjustedSeriesModel;
  /** With `lambda`: back-transform the point forecast as a mean instead of a median (R's `biasadj`). Default false. */
  readonly biasAdjust?: boolean;
}

/** An MSTL forecast model: the {@link FittedModel} contract plus the decomposition and the adjusted-series model. */
export interface MstlForecastModel extends FittedModel {
  /** The decomposition, or `undefined` when no period had two full cycles (see `reason`). */
  readonly decomposition?: MstlDecomposition;
  /** The model fitted to the seasonally adjusted (and transformed) series. */
  readonly adjustedModel: FittedModel;
  /** Why the forecast is not seasonal, when a requested period could not be used. */
  readonly reason?: string;
}

const optionsSchema = z.object({
  seasonPeriods: z.array(z.number()).min(1),
  trendModel: z.enum(['ets', 'arima', 'theta', 'naive', 'drift']).optional(),
  biasAdjust: z.boolean().optional(),
});

/**
 * Forecasts series with one or more seasonal cycles the way R's `stlf` / `forecast(mstl(x))` do: decompose with
 * {@link decomposeMstl}, forecast the seasonally adjusted series with a non-seasonal model, and add back each
 * seasonal component continued by seasonal naive (its last cycle repeated). Intervals are the adjusted-series
 * model's, shifted by the same seasonal values (the seasonal components are treated as known). With `lambda`,
 * everything is back-transformed from the Box-Cox scale.
 *
 * When no period has more than two cycles in the history, the model forecasts the (transformed) series without
 * seasonal components and says so in `reason`.
 *
 * @param values - equally spaced finite observations (strictly positive with `lambda`).
 * @returns a model named `STL + <adjusted model>`, e.g. `STL + ETS(A,N,N)`; `parameters` are the adjusted
 *   model's plus `lambda` when transformed.
 * @throws DyocenseError `invalid_input` for bad values or options; `insufficient_data` when the series is too
 *   short for the adjusted-series model; the adjusted model's own errors (e.g. `infeasible` from ARIMA).
 * @example
 * const model = fitMstlForecast(hourlyDemand, { seasonPeriods: [24, 168], trendModel: 'ets' });
 * const { mean, intervals } = model.forecast(168, [80, 95]);
 */
export function fitMstlForecast(values: readonly number[], options: MstlForecastOptions): MstlForecastModel {
  const parsed = parseInput(optionsSchema, options, 'MSTL forecast options');
  const history = validateHistory(values, 'MSTL forecast', 1);
  const decompositionOptions: MstlOptions = {
    seasonPeriods: options.seasonPeriods,
    ...(options.seasonalWindows === undefined ? {} : { seasonalWindows: options.seasonalWindows }),
    ...(options.iterations === undefined ? {} : { iterations: options.iterations }),
    ...(options.lambda === undefined ? {} : { lambda: options.lambda }),
    ...(options.trendWindow === undefined ? {} : { trendWindow: options.trendWindow }),
    ...(options.robust === undefined ? {} : { robust: options.robust }),
  };
  const trendModel = parsed.trendModel ?? 'ets';
  const biasAdjust = parsed.biasAdjust ?? false;
  let decomposition: MstlDecomposition | undefined;
  let reason: string | undefined;
  try {
    decomposition = decomposeMstl(history, decompositionOptions);
  } catch (error) {
    if (!(DyocenseError.isInstance(error) && error.code === 'insufficient_data')) throw error;
    reason = `${error.message} Forecasting without seasonal components.`;
  }
  if (decomposition !== undefined && decomposition.droppedPeriods.length > 0) {
    reason = `Seasonal periods [${decomposition.droppedPeriods.join(', ')}] were left out: the history has no more than two of their cycles.`;
  }
  const lambda =
    decomposition === undefined ? resolveLambda(history, options.lambda, 1) : decomposition.lambda;
  const transformed = lambda === undefined ? history : history.map((value) => boxCox(value, lambda));
  const adjusted = decomposition?.seasonallyAdjusted ?? transformed;
  const components = decomposition?.seasonal ?? [];
  const adjustedModel = fitAdjustedModel(adjusted, trendModel);
  const method = `STL + ${adjustedModel.method}`;
  const allSeasonal = history.map((_, index) =>
    components.reduce((total, component) => total + (component.values[index] as number), 0),
  );
  const back = (value: number): number => (lambda === undefined ? value : inverseBoxCox(value, lambda));
  const fitted = adjustedModel.fitted.map((value, index) =>
    value === null ? null : back(value + (allSeasonal[index] as number)),
  );
  const residuals = fitted.map((value, index) =>
    value === null ? null : (history[index] as number) - value,
  );

  const forecast = (horizon: number, levels: readonly number[]): ModelForecast => {
    validateForecastRequest(horizon, levels);
    const needsVariance = lambda !== undefined && biasAdjust;
    const innerLevels = needsVariance && !levels.includes(95) ? [...levels, 95] : levels;
    const inner = adjustedModel.forecast(horizon, innerLevels);
    const future = seasonalContinuation(components, horizon);
    const shift = (series: readonly number[]): number[] =>
      series.map((value, step) => back(value + (future[step] as number)));
    let mean: number[];
    if (needsVariance && lambda !== undefined) {
      const reference = inner.intervals.find((interval) => interval.level === 95);
      const z = normalQuantile(0.975);
      mean = inner.mean.map((value, step) => {
        const width = reference ? (reference.upper[step] as number) - (reference.lower[step] as number) : 0;
        const variance = (width / (2 * z)) ** 2;
        return inverseBoxCox(
          value + (future[step] as number),
          lambda,
          Number.isFinite(variance) ? variance : 0,
        );
      });
    } else {
      mean = shift(inner.mean);
    }
    const intervals: PredictionInterval[] = levels.map((level) => {
      const interval = inner.intervals.find((candidate) => candidate.level === level);
      if (interval === undefined) {
        throw new DyocenseError({
          code: 'invalid_input',
          message: `${method} returned no interval at level ${level}.`,
        });
      }
      return { level, lower: shift(interval.lower), upper: shift(interval.upper) };
    });
    return ensureFiniteForecast({ mean: containInIntervals(mean, intervals), intervals }, method);
  };

  return {
    method,
    parameters: { ...adjustedModel.parameters, ...(lambda === undefined ? {} : { lambda }) },
    fitted,
    residuals,
    forecast,
    ...(decomposition === undefined ? {} : { decomposition }),
    adjustedModel,
    ...(reason === undefined ? {} : { reason }),
  };
}

/** Keeps a (bias-adjusted) mean inside every interval, so the contract "intervals contain the mean" holds. */
function containInIntervals(mean: readonly number[], intervals: readonly PredictionInterval[]): number[] {
  return mean.map((value, step) => {
    let result = value;
    for (const interval of intervals) {
      result = Math.min(Math.max(result, interval.lower[step] as number), interval.upper[step] as number);
    }
    return result;
  });
}
