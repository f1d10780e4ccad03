import { DyocenseError } from '@dyocense/core';
import { toSeasonallyAdjusted } from '../decompose/to-seasonally-adjusted.js';
import { arithmeticMean } from '../internal/arithmetic-mean.js';
import {
  fitSimpleExponentialSmoothing,
  smoothingWeightBounds,
} from '../internal/fit-simple-exponential-smoothing.js';
import { normalIntervals } from '../internal/normal-intervals.js';
import type { FittedModel, ModelForecast } from '../model/fitted-model.js';
import { ensureFinite } from '../naive/internal/ensure-finite.js';
import { ensureFiniteForecast } from '../naive/internal/ensure-finite-forecast.js';
import {
  validateForecastRequest,
  validateHistory,
  validatePeriod,
} from '../naive/internal/validate-history.js';
import { toSeasonalFit } from './internal/to-seasonal-fit.js';

/** Options of {@link fitTheta}. */
export interface ThetaOptions {
  /** Seasonal period (1 for none; default 1). */
  readonly period?: number;
  /** Fixed SES smoothing weight in [1e-4, 0.9999]; estimated by least squares when omitted. */
  readonly alpha?: number;
  /** Fixed initial SES level; estimated by least squares when omitted. */
  readonly initialLevel?: number;
}

/** A Theta {@link FittedModel} that also reports its seasonal adjustment. */
export interface ThetaModel extends FittedModel {
  /** True when the history was divided by classical multiplicative seasonal indices. */
  readonly seasonal: boolean;
  /** Why the history was not adjusted although the test found seasonality, when so. */
  readonly reason?: string;
}

/**
 * The standard Theta method (Assimakopoulos & Nikolopoulos 2000) exactly as R's `forecast::thetaf` computes it
 * (Hyndman & Billah 2003: SES with drift equal to half the slope of the linear trend).
 *
 * 1. Seasonality: when m > 1, the series is not constant, n > 2m and the 90% autocorrelation test at lag m
 *    rejects, divide by classical multiplicative indices (skipped with a `reason` for non-positive values).
 * 2. Fit SES (ETS(A,N,N), least squares, alpha in [1e-4, 0.9999]) to the adjusted series; b is the OLS slope on
 *    0..n-1. Forecast: ℓ_n + (b/2)·((h-1) + (1-(1-α)^n)/α), multiplied back by the last season's indices.
 * 3. Intervals as thetaf: mean ± z·σ·sqrt(1 + (h-1)·α²) with σ² = SSE/(n-2) of the SES fit (the ARIMA(0,1,1)
 *    equivalence). Like thetaf, the interval width is not reseasonalised.
 *
 * Fitted values are the SES one-step fits times the seasonal factors (without the drift), as in thetaf.
 *
 * @param values - equally spaced finite observations, at least 4.
 * @returns a {@link ThetaModel} named `Theta` with parameters `alpha`, `initialLevel`, `drift` (b/2),
 *   `sigma2` and `theta` (2).
 * @throws DyocenseError `invalid_input` for non-finite values or bad options, `insufficient_data` for fewer
 *   than 4 observations.
 * @example
 * const model = fitTheta(monthlySales, { period: 12 });
 * const { mean, intervals } = model.forecast(18, [80, 95]);
 */
export function fitTheta(values: readonly number[], options: ThetaOptions = {}): ThetaModel {
  const method = 'Theta';
  const period = validatePeriod(options.period ?? 1, method);
  const history = validateHistory(values, method, 4);
  if (
    options.alpha !== undefined &&
    !(options.alpha >= smoothingWeightBounds.lower && options.alpha <= smoothingWeightBounds.upper)
  ) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `The Theta smoothing weight alpha must lie in [1e-4, 0.9999]; got ${String(options.alpha)}.`,
      issues: [{ path: ['alpha'], message: 'Out of range', code: 'too_small' }],
    });
  }
  if (options.initialLevel !== undefined && !Number.isFinite(options.initialLevel)) {
    throw new DyocenseError({ code: 'invalid_input', message: 'The Theta initial level must be finite.' });
  }
  const n = history.length;
  const adjustment = toSeasonallyAdjusted(history, period, 'thetaf');
  const x = adjustment.adjusted;
  const ses = fitSimpleExponentialSmoothing(x, {
    ...(options.alpha === undefined ? {} : { alpha: options.alpha }),
    ...(options.initialLevel === undefined ? {} : { initialLevel: options.initialLevel }),
  });
  const timeMean = (n - 1) / 2;
  const valueMean = arithmeticMean(x);
  let cross = 0;
  let squares = 0;
  x.forEach((value, index) => {
    cross += (index - timeMean) * (value - valueMean);
    squares += (index - timeMean) ** 2;
  });
  const drift = cross / squares / 2;
  const alpha = Math.max(1e-10, ses.alpha);
  const sigma2 = ses.sumOfSquares / (n - 2);
  ensureFinite([drift, sigma2, ses.finalLevel, ses.initialLevel], method, 'parameters');
  const { fitted, residuals } = toSeasonalFit(history, ses.fitted, adjustment.factors, method);
  const offset = (1 - (1 - alpha) ** n) / alpha;
  return {
    method,
    parameters: { alpha, initialLevel: ses.initialLevel, drift, sigma2, theta: 2 },
    fitted,
    residuals,
    seasonal: adjustment.seasonal,
    ...(adjustment.reason === undefined ? {} : { reason: adjustment.reason }),
    forecast(horizon: number, levels: readonly number[]): ModelForecast {
      validateForecastRequest(horizon, levels);
      const factors = adjustment.forecastFactors(horizon);
      const mean = factors.map((factor, step) => (ses.finalLevel + drift * (step + offset)) * factor);
      const standardErrors = mean.map((_, step) => Math.sqrt(sigma2) * Math.sqrt(step * alpha * alpha + 1));
      return ensureFiniteForecast({ mean, intervals: normalIntervals(mean, standardErrors, levels) }, method);
    },
  };
}
