import type { ForecastModelV1, ForecastPointV1 } from '@dyocense/core/plugin';
import { defineForecastModel } from '@dyocense/core/plugin';
import { z } from 'zod';
import { type ForecastModel, fit as fitSeries } from '../forecast/fit.js';
import {
  type ForecastModelName,
  forecastModelNames,
  forecastOptionsSchema,
} from '../forecast/forecast-options.js';
import { modelCatalog } from '../forecast/internal/model-catalog.js';

/**
 * Parameters every registered model accepts (all optional): `horizon` (the steps the fit is tuned for — the
 * cross-validation windows of `auto` and `ensemble`; default 12), `frequency`, `gapPolicy`, `transform`,
 * `lambda`, `nonNegative`, `combination`, `members`, `crossValidationWindows`, `seasonPeriods` and `prophet`,
 * as in `forecast`'s options.
 */
export const forecastModelParamsSchema = forecastOptionsSchema
  .pick({
    frequency: true,
    gapPolicy: true,
    transform: true,
    lambda: true,
    nonNegative: true,
    combination: true,
    members: true,
    crossValidationWindows: true,
    seasonPeriods: true,
    prophet: true,
  })
  .extend({ horizon: z.number().int().min(1).max(10_000).default(12) })
  .strict();

interface ModelDescription {
  readonly name: string;
  readonly description: string;
  /** Uses `seasonalPeriod`. */
  readonly seasonality: boolean;
  readonly exogenous?: boolean;
  /** Fewest observations the method itself accepts. */
  readonly minHistory: number;
}

const single = (model: Exclude<ForecastModelName, 'auto' | 'ensemble'>): number =>
  modelCatalog[model]?.minimumLength(1) ?? 2;

const descriptions: Record<ForecastModelName, ModelDescription> = {
  auto: {
    name: 'Automatic',
    description:
      'Chooses per series among ETS, ARIMA, CES, DOTM, Theta, seasonal naive, naive, MSTL and the median combination of ETS, ARIMA, CES and DOTM by rolling-origin cross-validation',
    seasonality: true,
    minHistory: 2,
  },
  ensemble: {
    name: 'Ensemble',
    description: 'Median (or CV-weighted mean) of ETS, ARIMA, CES and DOTM with conformal intervals',
    seasonality: true,
    minHistory: 2,
  },
  arima: {
    name: 'Auto-ARIMA',
    description: 'Seasonal ARIMA with stepwise Hyndman–Khandakar order selection and exact likelihood',
    seasonality: true,
    minHistory: single('arima'),
  },
  ets: {
    name: 'ETS',
    description: 'Exponential smoothing state-space models selected by AICc',
    seasonality: true,
    minHistory: single('ets'),
  },
  theta: {
    name: 'Theta',
    description: 'Standard Theta method (M3 winner) on the seasonally adjusted series',
    seasonality: true,
    minHistory: single('theta'),
  },
  optimized_theta: {
    name: 'Optimised Theta',
    description: 'Dynamic optimised Theta with estimated theta',
    seasonality: true,
    minHistory: single('optimized_theta'),
  },
  ces: {
    name: 'CES',
    description:
      'Complex exponential smoothing with none, simple, partial or full seasonality selected by AICc',
    seasonality: true,
    minHistory: single('ces'),
  },
  naive: {
    name: 'Naive',
    description: 'Repeats the last observation',
    seasonality: false,
    minHistory: single('naive'),
  },
  snaive: {
    name: 'Seasonal naive',
    description: 'Repeats the last season',
    seasonality: true,
    minHistory: Math.max(2, single('snaive')),
  },
  naive2: {
    name: 'Naive2',
    description: 'Naive on the seasonally adjusted series (M4 benchmark)',
    seasonality: true,
    minHistory: single('naive2'),
  },
  drift: {
    name: 'Drift',
    description: 'Random walk with drift',
    seasonality: false,
    minHistory: single('drift'),
  },
  mean: { name: 'Mean', description: 'Historical mean', seasonality: false, minHistory: single('mean') },
  croston: {
    name: 'Croston',
    description: 'Croston’s method for intermittent demand',
    seasonality: false,
    minHistory: single('croston'),
  },
  sba: {
    name: 'SBA',
    description: 'Syntetos–Boylan approximation of Croston for intermittent demand',
    seasonality: false,
    minHistory: single('sba'),
  },
  tsb: {
    name: 'TSB',
    description: 'Teunter–Syntetos–Babai intermittent demand model (decaying probability)',
    seasonality: false,
    minHistory: single('tsb'),
  },
  prophet: {
    name: 'Prophet-style',
    description:
      'Piecewise-linear or logistic trend with changepoints, Fourier seasonalities from the timestamps, country holidays, events and regressors',
    // Seasonalities come from the calendar (daily, weekly, yearly), not from `seasonalPeriod`.
    seasonality: false,
    exogenous: true,
    minHistory: single('prophet'),
  },
  mstl: {
    name: 'MSTL',
    description:
      'Multiple seasonal-trend decomposition (e.g. 24 and 168 hours) with ETS on the adjusted series',
    seasonality: true,
    minHistory: single('mstl'),
  },
  regression: {
    name: 'Regression',
    description:
      'Elastic-net regression on lags, rolling statistics, calendar and exogenous features with conformal intervals',
    seasonality: true,
    exogenous: true,
    minHistory: single('regression'),
  },
};

/** Builds the plugin-SDK model for one name of `forecastModelNames`. */
function createForecastModel(model: ForecastModelName): ForecastModelV1<unknown, unknown, unknown> {
  const description = descriptions[model];
  return defineForecastModel({
    id: model,
    name: description.name,
    description: description.description,
    capabilities: {
      intervals: true,
      minHistory: description.minHistory,
      seasonality: description.seasonality,
      exogenous: description.exogenous ?? false,
    },
    paramsSchema: forecastModelParamsSchema,
    fit: (series, options): ForecastModel =>
      fitSeries(series, {
        ...options.params,
        model,
        seed: options.seed,
        ...(options.seasonalPeriod === undefined ? {} : { seasonPeriod: options.seasonalPeriod }),
        ...(options.exogenous === undefined
          ? {}
          : {
              exogenous: Object.fromEntries(
                Object.entries(options.exogenous).map(([name, values]) => [name, [...values]]),
              ),
            }),
      }),
    predict: (fitted, horizon, options) => {
      const result = fitted.predict(horizon, {
        levels: options.levels,
        ...(options.exogenous === undefined ? {} : { futureExogenous: options.exogenous }),
      });
      const points: ForecastPointV1[] = result.points.map((point, index) => ({
        step: index + 1,
        value: point.mean,
        intervals: point.intervals,
      }));
      return { points };
    },
  }) as ForecastModelV1<unknown, unknown, unknown>;
}

/**
 * Every model of this package as a plugin-SDK forecast model (apiVersion 1), in the order of
 * `forecastModelNames`: `fit(series, { seed, seasonalPeriod, exogenous, params })` runs {@link fit} with that
 * model, `predict(fitted, horizon, { levels, exogenous })` its `predict`. Each passes core's
 * `describeForecastModel` conformance kit.
 *
 * @example
 * const ets = forecastModels.find((model) => model.id === 'ets');
 * const fitted = await ets.fit(series, { seasonalPeriod: 12 });
 * ets.predict(fitted, 6, { levels: [80, 95] }).points;
 */
export const forecastModels: readonly ForecastModelV1<unknown, unknown, unknown>[] = Object.freeze(
  forecastModelNames.map(createForecastModel),
);
