import { toSeasonallyAdjusted } from '../decompose/to-seasonally-adjusted.js';
import type { FittedModel, ModelForecast } from '../model/fitted-model.js';
import { fitLagWalk } from './internal/lag-walk.js';
import { validateHistory, validatePeriod } from './internal/validate-history.js';

/** A {@link FittedModel} that also reports the outcome of the seasonality test. */
export interface Naive2Model extends FittedModel {
  /** True when the history was seasonally adjusted before the naive step. */
  readonly seasonal: boolean;
  /** Why the history was not adjusted although the test found seasonality (non-positive values, ...). */
  readonly reason?: string;
}

/**
 * The M4 "Naive2" benchmark: when the 90% autocorrelation test (M4 rule: at least three seasons) finds
 * seasonality, divide by the indices of a classical multiplicative decomposition, forecast the adjusted series
 * with the naive method and multiply the last season's indices back.
 *
 * Intervals (the M4 code defines none): the naive intervals of the adjusted series, ±z·σ·√h, multiplied by
 * the same seasonal index as the point forecast, so they scale with the season as the forecast does.
 *
 * @param values - equally spaced finite observations, at least 2.
 * @param period - seasonal period (1 for none).
 * @returns a {@link Naive2Model} named `Naive2` with parameter `sigma` (on the adjusted scale).
 * @throws DyocenseError `invalid_input` for non-finite values or a bad period, `insufficient_data` for fewer
 *   than 2 observations.
 * @example
 * fitNaive2(monthlySales, 12).forecast(18, [80, 95])
 */
export function fitNaive2(values: readonly number[], period: number): Naive2Model {
  validatePeriod(period, 'Naive2');
  const history = validateHistory(values, 'Naive2', 2);
  const adjustment = toSeasonallyAdjusted(history, period, 'm4');
  const inner = fitLagWalk({ values: adjustment.adjusted, lag: 1, drift: false, method: 'Naive2' });
  const fitted = inner.fitted.map((value, index) =>
    value === null ? null : value * (adjustment.factors[index] as number),
  );
  return {
    method: 'Naive2',
    parameters: inner.parameters,
    fitted,
    residuals: history.map((value, index) => {
      const fit = fitted[index];
      return fit === null || fit === undefined ? null : value - fit;
    }),
    seasonal: adjustment.seasonal,
    ...(adjustment.reason === undefined ? {} : { reason: adjustment.reason }),
    forecast(horizon: number, levels: readonly number[]): ModelForecast {
      const adjusted = inner.forecast(horizon, levels);
      const factors = adjustment.forecastFactors(horizon);
      const scale = (series: readonly number[]) =>
        series.map((value, step) => value * (factors[step] as number));
      return {
        mean: scale(adjusted.mean),
        intervals: adjusted.intervals.map((interval) => ({
          level: interval.level,
          lower: scale(interval.lower),
          upper: scale(interval.upper),
        })),
      };
    },
  };
}
