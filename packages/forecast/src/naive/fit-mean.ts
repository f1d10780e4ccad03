import { arithmeticMean } from '../internal/arithmetic-mean.js';
import { sampleStandardDeviation } from '../internal/sample-standard-deviation.js';
import { studentTQuantile } from '../internal/student-t-quantile.js';
import type { FittedModel, ModelForecast } from '../model/fitted-model.js';
import { ensureFinite } from './internal/ensure-finite.js';
import { validateForecastRequest, validateHistory } from './internal/validate-history.js';

/**
 * The mean method: every forecast equals the sample mean. Intervals as R's `forecast::meanf`:
 * ±t_{n-1}·s·sqrt(1 + 1/n), with s the sample standard deviation and Student's t quantile.
 *
 * @param values - equally spaced finite observations, at least 2.
 * @returns a {@link FittedModel} named `Mean` with parameters `mean` and `standardDeviation`.
 * @throws DyocenseError `invalid_input` for non-finite values, `insufficient_data` for fewer than 2.
 * @example
 * fitMean([3, 5, 4]).forecast(2, [95]).mean // [4, 4]
 */
export function fitMean(values: readonly number[]): FittedModel {
  const method = 'Mean';
  const history = validateHistory(values, 'mean', 2);
  const n = history.length;
  const mean = arithmeticMean(history);
  const standardDeviation = sampleStandardDeviation(history, mean);
  ensureFinite([mean, standardDeviation], method, 'parameters');
  const residuals = ensureFinite(
    history.map((value) => value - mean),
    method,
    'residuals',
  );
  return {
    method,
    parameters: { mean, standardDeviation },
    fitted: history.map(() => mean),
    residuals,
    forecast(horizon: number, levels: readonly number[]): ModelForecast {
      validateForecastRequest(horizon, levels);
      const point = new Array<number>(horizon).fill(mean);
      const intervals = levels.map((level) => {
        const width = studentTQuantile(0.5 + level / 200, n - 1) * standardDeviation * Math.sqrt(1 + 1 / n);
        return {
          level,
          lower: ensureFinite(
            point.map((value) => value - width),
            method,
            'interval',
          ),
          upper: ensureFinite(
            point.map((value) => value + width),
            method,
            'interval',
          ),
        };
      });
      return { mean: point, intervals };
    },
  };
}
