/** A prediction interval at one coverage level (percent, e.g. 95). */
export interface PredictionInterval {
  readonly level: number;
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

/** Point forecasts for steps 1..horizon and their intervals, in the units of the fitted data. */
export interface ModelForecast {
  readonly mean: readonly number[];
  readonly intervals: readonly PredictionInterval[];
}

/** Likelihood-based fit statistics, where the model has a likelihood. */
export interface InformationCriteria {
  readonly logLikelihood: number;
  readonly aic: number;
  readonly aicc: number;
  readonly bic: number;
}

/**
 * A model fitted to a plain numeric history (equally spaced, no missing values): the contract every
 * forecasting method in this package implements, so `auto`, ensembles and cross-validation treat them alike.
 *
 * Engines are pure: fitting and forecasting do no I/O and are deterministic (a `seed` where they simulate).
 */
export interface FittedModel {
  /** Method and specification, e.g. `ETS(M,Ad,M)`, `ARIMA(0,1,1)(0,1,1)[12]`, `Theta`. */
  readonly method: string;
  /** Estimated parameters by name (smoothing weights, AR/MA coefficients, ...). */
  readonly parameters: Readonly<Record<string, number>>;
  /**
   * One-step-ahead in-sample fits, aligned with the history (same length). `null` where the method has no
   * fit, e.g. the first season of seasonal naive.
   */
  readonly fitted: readonly (number | null)[];
  /** History minus fitted values, same length as the history; `null` where `fitted` is. */
  readonly residuals: readonly (number | null)[];
  /** Present when the model is fitted by maximum likelihood. */
  readonly informationCriteria?: InformationCriteria;
  /**
   * Forecasts `horizon` steps ahead with intervals at `levels` (percent, each in (0, 100)).
   * Every returned number is finite.
   */
  forecast(horizon: number, levels: readonly number[]): ModelForecast;
}
