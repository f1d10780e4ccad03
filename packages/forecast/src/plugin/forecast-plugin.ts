import type { PluginV1 } from '@dyocense/core/plugin';
import { definePlugin } from '@dyocense/core/plugin';
import { forecastModels } from './forecast-models.js';

/**
 * The first-party forecasting plugin: contributes {@link forecastModels} (naive, snaive, drift, mean, naive2,
 * ets, arima, theta, optimized_theta, ces, croston, sba, tsb, prophet, mstl, regression, auto, ensemble); needs no
 * network and no secrets.
 *
 * @example
 * const registry = createRegistry();
 * registry.register(forecastPlugin);
 */
export const forecastPlugin: PluginV1 = definePlugin({
  id: 'dyocense/forecast',
  name: 'Dyocense forecasting',
  version: '0.1.0',
  description:
    'Statistical forecasting models: baselines, ETS, ARIMA, Theta, intermittent demand, Prophet-style, MSTL, regression, auto and ensemble',
  engines: { core: '^0.1.0' },
  forecastModels,
});
