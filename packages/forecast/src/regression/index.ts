export {
  type FeatureImportance,
  fitRegressionForecast,
  type RegressionForecastModel,
  type RegressionForecastOptions,
  type RegressionFutureInputs,
} from './fit-regression-forecast.js';
export type { FeatureGroup } from './internal/build-features.js';
