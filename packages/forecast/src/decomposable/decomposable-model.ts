import type { FittedModel, ModelForecast } from '../model/fitted-model.js';
import type { ComponentMode } from './decomposable-options.js';

/** Future inputs of a decomposable forecast. */
export interface DecomposableForecastOptions {
  /** Future values of every regressor, at least `horizon` each (extra values are ignored). */
  readonly regressors?: Readonly<Record<string, readonly number[]>>;
  /** Future timestamps (epoch ms, increasing, after the history), at least `horizon`; generated from the step when absent. */
  readonly timestamps?: readonly number[];
}

/** A decomposable forecast: {@link ModelForecast} plus the timestamps of its steps. */
export interface DecomposableForecast extends ModelForecast {
  readonly timestamps: readonly number[];
}

/** One named part of the prediction, per timestamp. */
export interface ComponentSeries {
  readonly name: string;
  readonly mode: ComponentMode;
  /** In the units of the data when additive; a fraction of the trend (0.1 = +10%) when multiplicative. */
  readonly values: readonly number[];
}

/** The prediction taken apart, for the history followed by any forecast steps. */
export interface DecomposableComponents {
  readonly timestamps: readonly number[];
  /** Whether each timestamp is in the history (`true`) or a forecast step. */
  readonly history: readonly boolean[];
  /** Trend, in the units of the data (floor included). */
  readonly trend: readonly number[];
  readonly seasonalities: readonly ComponentSeries[];
  /** One per holiday or event name (its window days summed). */
  readonly holidays: readonly ComponentSeries[];
  readonly regressors: readonly ComponentSeries[];
  /** Sum of additive components, in the units of the data. */
  readonly additive: readonly number[];
  /** Sum of multiplicative components, as a fraction of the trend. */
  readonly multiplicative: readonly number[];
  /** `floor + (trend − floor)·(1 + multiplicative) + additive`: the fitted values, then the point forecasts. */
  readonly mean: readonly number[];
}

/** A trend changepoint candidate and its fitted rate change (exactly 0 when the L1 prior switched it off). */
export interface TrendChangepoint {
  /** Epoch ms. */
  readonly timestamp: number;
  /** Prophet's `delta`: change of slope in scaled units (data / max |data − floor|, time / history span). */
  readonly delta: number;
  /**
   * Change of slope per day: in units of the data per day for linear growth, of the logistic growth rate per day
   * for logistic growth.
   */
  readonly rateChangePerDay: number;
}

/** A fitted decomposable (Prophet-style) model. */
export interface DecomposableModel extends FittedModel {
  /** History timestamps, epoch ms. */
  readonly timestamps: readonly number[];
  readonly changepoints: readonly TrendChangepoint[];
  /** Noise standard deviation in the units of the data. */
  readonly sigma: number;
  /** Regressor effects per unit of the raw regressor: data units when additive, a fraction when multiplicative. */
  readonly regressorCoefficients: Readonly<Record<string, number>>;
  /**
   * Point forecasts and simulated intervals for `horizon` steps.
   *
   * @throws DyocenseError `invalid_input` for a bad horizon or level, missing future regressor values or bad
   * future timestamps.
   */
  forecast(
    horizon: number,
    levels: readonly number[],
    options?: DecomposableForecastOptions,
  ): DecomposableForecast;
  /**
   * Components over the history and `horizon` (default 0) forecast steps.
   *
   * @throws DyocenseError `invalid_input` as {@link DecomposableModel.forecast}.
   */
  components(options?: DecomposableForecastOptions & { readonly horizon?: number }): DecomposableComponents;
}
