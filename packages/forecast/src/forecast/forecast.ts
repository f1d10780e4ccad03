import type { TimeSeriesInput } from '@dyocense/core';
// Imported under another name: linters read a bare `fit(` call as a focused test.
import { type ForecastResult, fit as fitSeries } from './fit.js';
import type { ForecastOptions } from './forecast-options.js';

/**
 * Forecasts one series `options.horizon` steps ahead with intervals at `options.levels` (default 80 and 95):
 * `fit(series, options).predict()`. See {@link fit} for model choice, fallbacks and transforms. Every number
 * in the result is finite; intervals are nested and contain the point forecast.
 *
 * @throws DyocenseError `invalid_input` for bad options or series; `insufficient_data` without observations.
 * @example
 * const result = forecast(
 *   { id: 'sales', timestamps: months.map((month) => Date.UTC(2023, month, 1)), values: sales },
 *   { horizon: 6 },
 * );
 * result.points.map((point) => point.mean);
 */
export function forecast(series: TimeSeriesInput, options: ForecastOptions): ForecastResult {
  return fitSeries(series, options).predict();
}
