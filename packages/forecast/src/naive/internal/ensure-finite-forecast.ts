import type { ModelForecast } from '../../model/fitted-model.js';
import { ensureFinite } from './ensure-finite.js';

/**
 * {@link ensureFinite} for a whole forecast: the point forecasts first, then each interval's bounds.
 *
 * @throws DyocenseError `invalid_input` naming the method and whether the forecast or an interval overflowed.
 */
export function ensureFiniteForecast<Forecast extends ModelForecast>(
  forecast: Forecast,
  method: string,
): Forecast {
  ensureFinite(forecast.mean, method, 'forecast');
  for (const interval of forecast.intervals) {
    ensureFinite(interval.lower, method, 'interval');
    ensureFinite(interval.upper, method, 'interval');
  }
  return forecast;
}
