export { type AutoArimaOptions, autoArima } from './arima/auto-arima.js';
export {
  type ArimaForecastOptions,
  type ArimaModel,
  type ArimaOptions,
  fitArima,
} from './arima/fit-arima.js';
export { addPeriods } from './calendar/add-periods.js';
export { formatTimestamp } from './calendar/format-timestamp.js';
export {
  type GapPolicy,
  type RegularizeOptions,
  type RegularSeries,
  regularizeSeries,
} from './calendar/regularize-series.js';
export { type SeasonPeriodsOptions, seasonPeriods } from './calendar/season-periods.js';
export {
  type AutoCesModel,
  type AutoCesOptions,
  autoCes,
  type CesCandidate,
  type CesModel,
  type CesOptions,
  type CesSeasonality,
  fitCes,
} from './ces/index.js';
export type {
  ComponentSeries,
  DecomposableComponents,
  DecomposableForecast,
  DecomposableForecastOptions,
  DecomposableModel,
  TrendChangepoint,
} from './decomposable/decomposable-model.js';
export {
  type ComponentMode,
  type DecomposableOptions,
  decomposableOptionsSchema,
} from './decomposable/decomposable-options.js';
export { fitDecomposable } from './decomposable/fit-decomposable.js';
export {
  autocorrelation,
  type ClassicalDecomposition,
  type DecompositionType,
  decomposeClassical,
  type SeasonalAdjustment,
  type SeasonalityTestResult,
  type SeasonalityTestRule,
  testSeasonality,
  toSeasonallyAdjusted,
} from './decompose/index.js';
export { type Combination, combineForecasts } from './ensemble/combine-forecasts.js';
export {
  type EnsembleMember,
  type EnsembleOptions,
  type FittedEnsemble,
  fitEnsemble,
} from './ensemble/fit-ensemble.js';
export { type AutoEtsModel, type AutoEtsOptions, autoEts, type EtsCandidate } from './ets/auto-ets.js';
export {
  type EtsErrorType,
  type EtsFixedParameters,
  type EtsInitialStates,
  type EtsIntervalOptions,
  type EtsModel,
  type EtsSeasonType,
  type EtsTrendType,
  type FitEtsOptions,
  fitEts,
} from './ets/fit-ets.js';
export {
  type CrossValidateOptions,
  type CrossValidation,
  type CrossValidationWindow,
  crossValidate,
  type ModelFitter,
} from './evaluation/cross-validate.js';
export {
  type EvaluateOptions,
  type Evaluation,
  evaluate,
  type ForecastToEvaluate,
  type IntervalEvaluation,
} from './evaluation/evaluate.js';
export { coverage, msis } from './evaluation/interval-metrics.js';
export { owa } from './evaluation/owa.js';
export { mae, mape, mase, rmse, seasonalNaiveScale, smape } from './evaluation/point-metrics.js';
export {
  type CandidateScore,
  type ChangepointReport,
  type ForecastComponent,
  type ForecastComponents,
  type ForecastDiagnostics,
  type ForecastModel,
  type ForecastPoint,
  type ForecastResult,
  fit,
  type HistoryAnomaly,
  type PredictOptions,
} from './forecast/fit.js';
export { forecast } from './forecast/forecast.js';
export {
  type BatchFailure,
  type BatchForecast,
  forecastBatch,
  type LongRow,
  toSeriesList,
} from './forecast/forecast-batch.js';
export {
  type ForecastModelName,
  type ForecastOptions,
  forecastModelNames,
  forecastOptionsSchema,
  type ResolvedForecastOptions,
} from './forecast/forecast-options.js';
export {
  type CountryHoliday,
  type CountryHolidaysOptions,
  getCountryHolidays,
  type HolidayType,
} from './holidays/get-country-holidays.js';
export { type HolidayCountry, listHolidayCountries } from './holidays/list-holiday-countries.js';
export {
  type CrostonOptions,
  fitCroston,
  fitTsb,
  type IntermittentCost,
  type IntermittentModel,
  type TsbOptions,
} from './intermittent/index.js';
export { conformalIntervals, type StepErrors, stepScales } from './intervals/conformal-intervals.js';
export type {
  FittedModel,
  InformationCriteria,
  ModelForecast,
  PredictionInterval,
} from './model/fitted-model.js';
export {
  decomposeMstl,
  type MstlDecomposition,
  type MstlOptions,
  type MstlSeasonalComponent,
} from './mstl/decompose-mstl.js';
export {
  type AdjustedSeriesModel,
  fitMstlForecast,
  type MstlForecastModel,
  type MstlForecastOptions,
} from './mstl/fit-mstl-forecast.js';
export { type SeasonalStrength, seasonalStrength } from './mstl/seasonal-strength.js';
export { fitDrift, fitMean, fitNaive, fitNaive2, fitSeasonalNaive, type Naive2Model } from './naive/index.js';
export { forecastModelParamsSchema, forecastModels } from './plugin/forecast-models.js';
export { forecastPlugin } from './plugin/forecast-plugin.js';
export {
  type FeatureGroup,
  type FeatureImportance,
  fitRegressionForecast,
  type RegressionForecastModel,
  type RegressionForecastOptions,
  type RegressionFutureInputs,
} from './regression/index.js';
export {
  decomposeStl,
  type LoessDegree,
  type StlDecomposition,
  type StlOptions,
  type StlParameters,
} from './stl/decompose-stl.js';
export {
  fitOptimizedTheta,
  fitTheta,
  type OptimizedThetaModel,
  type OptimizedThetaOptions,
  type ThetaModel,
  type ThetaOptions,
} from './theta/index.js';
