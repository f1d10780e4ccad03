import type { z } from 'zod';
import type { TimeSeries, TimeSeriesInput } from '../../model/series.js';
import type { PluginContextV1 } from './context-v1.js';

/** What a forecast model can do; checked by the registry and the conformance kit. */
export interface ForecastCapabilitiesV1 {
  /** `predict` returns prediction intervals for the requested levels. */
  readonly intervals: boolean;
  /** `fit` and `predict` use exogenous regressors (`options.exogenous`). */
  readonly exogenous: boolean;
  /** Minimum number of non-missing observations `fit` needs; fewer gives `insufficient_data`. */
  readonly minHistory: number;
  /** The model captures seasonality of period `options.seasonalPeriod`. */
  readonly seasonality: boolean;
}

/** Exogenous regressors: name to values aligned with the series (fit) or with the horizon (predict). */
export type ExogenousV1 = Readonly<Record<string, readonly number[]>>;

/** Options given to a model's `fit`, with defaults applied. */
export interface FitOptionsV1<Params = unknown> {
  /** Seed for every random choice; the same seed must give the same fitted model. */
  readonly seed: number;
  /** Model-specific parameters, validated by the model's `paramsSchema`. */
  readonly params: Params;
  /** Season length in periods (7 for daily data with a weekly cycle); absent when not seasonal. */
  readonly seasonalPeriod?: number;
  readonly exogenous?: ExogenousV1;
}

/** Options given to a model's `predict`, with defaults applied. */
export interface PredictOptionsV1 {
  /** Interval levels in percent, strictly between 0 and 100, ascending (default `[80, 95]`). */
  readonly levels: readonly number[];
  readonly seed: number;
  /** Future values of the regressors, each exactly `horizon` long. */
  readonly exogenous?: ExogenousV1;
}

/** A prediction interval at one level (percent): `lower <= value <= upper`. */
export interface ForecastIntervalV1 {
  readonly level: number;
  readonly lower: number;
  readonly upper: number;
}

/** One forecast step. `step` is 1 for the first period after the last observation. */
export interface ForecastPointV1 {
  readonly step: number;
  readonly value: number;
  /** One interval per requested level, in the order of `levels`; empty when the model has no intervals. */
  readonly intervals: readonly ForecastIntervalV1[];
}

/** A forecast: exactly `horizon` points, every number finite. */
export interface ForecastV1 {
  /** Id of the model that produced it. */
  readonly model: string;
  readonly points: readonly ForecastPointV1[];
}

/** Options a caller may pass to {@link ForecastModelV1.fit}; everything has a default. */
export interface FitRequestV1<ParamsInput = unknown> {
  /** Default `0`. */
  readonly seed?: number;
  readonly params?: ParamsInput;
  readonly seasonalPeriod?: number;
  readonly exogenous?: ExogenousV1;
}

/** Options a caller may pass to {@link ForecastModelV1.predict}; everything has a default. */
export interface PredictRequestV1 {
  /** Default `[80, 95]`. */
  readonly levels?: readonly number[];
  /** Default `0`. */
  readonly seed?: number;
  readonly exogenous?: ExogenousV1;
}

/**
 * A forecast model: `fit` learns from a series, `predict` extrapolates. Both are pure and seeded: the same
 * input and seed give the same output.
 *
 * `fit` throws `insufficient_data` when the series has fewer than `capabilities.minHistory` non-missing
 * values and `invalid_input` for a malformed series or options.
 */
export interface ForecastModelV1<Fitted = unknown, Params = unknown, ParamsInput = Params> {
  readonly apiVersion: 1;
  readonly kind: 'forecast-model';
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly capabilities: ForecastCapabilitiesV1;
  readonly paramsSchema: z.ZodType<Params, ParamsInput>;
  fit(
    series: TimeSeriesInput,
    options?: FitRequestV1<ParamsInput>,
    context?: PluginContextV1,
  ): Promise<Fitted>;
  predict(fitted: Fitted, horizon: number, options?: PredictRequestV1): ForecastV1;
}

/** The validated series a model implementation receives. */
export type ForecastSeriesV1 = TimeSeries;
