import { normalIntervals } from '../../internal/normal-intervals.js';
import { sampleStandardDeviation } from '../../internal/sample-standard-deviation.js';
import { sum } from '../../internal/sum.js';
import type { FittedModel, ModelForecast } from '../../model/fitted-model.js';
import { ensureFinite } from './ensure-finite.js';
import { ensureFiniteForecast } from './ensure-finite-forecast.js';
import { validateForecastRequest } from './validate-history.js';

/** Inputs of {@link fitLagWalk}: a validated history, the lag and whether to estimate a drift. */
export interface LagWalkSpecification {
  readonly values: readonly number[];
  readonly lag: number;
  readonly drift: boolean;
  readonly method: string;
}

/**
 * The lag walk of R's `forecast:::lagwalk`, behind `naive`, `snaive` and `rwf`: y_t = y_{t-lag} (+ b) + e_t.
 *
 * Without drift σ² is the mean of the squared lag differences; with drift, b, its standard error and σ come
 * from regressing the lag differences on a constant (`lm(diff(y, lag) ~ 1)`). The h-step standard error is
 * sqrt(σ² · k + (k · se(b))²) with k = ⌈h / lag⌉ the number of whole cycles ahead.
 * The caller guarantees at least lag + 1 values (lag + 2 with drift).
 */
export function fitLagWalk(specification: LagWalkSpecification): FittedModel {
  const { values, lag, drift, method } = specification;
  const n = values.length;
  const differences: number[] = [];
  for (let index = lag; index < n; index += 1) {
    differences.push((values[index] as number) - (values[index - lag] as number));
  }
  const count = differences.length;
  let slope = 0;
  let slopeStandardError = 0;
  let sigma: number;
  if (drift) {
    slope = sum(differences) / count;
    sigma = sampleStandardDeviation(differences, slope);
    slopeStandardError = sigma / Math.sqrt(count);
  } else {
    let squares = 0;
    for (const difference of differences) squares += difference * difference;
    sigma = Math.sqrt(squares / count);
  }
  ensureFinite([slope, sigma, slopeStandardError], method, 'parameters');
  const fitted = values.map((_, index) =>
    index < lag ? null : (values[index - lag] as number) + (drift ? slope : 0),
  );
  const residuals = values.map((value, index) => {
    const fit = fitted[index];
    return fit === null || fit === undefined ? null : value - fit;
  });
  ensureFinite(fitted, method, 'fitted values');
  ensureFinite(residuals, method, 'residuals');
  const lastCycle = values.slice(n - lag);
  const parameters: Record<string, number> = { sigma };
  if (drift) {
    parameters.drift = slope;
    parameters.driftStandardError = slopeStandardError;
  }
  return {
    method,
    parameters,
    fitted,
    residuals,
    forecast(horizon: number, levels: readonly number[]): ModelForecast {
      validateForecastRequest(horizon, levels);
      const mean: number[] = [];
      const standardErrors: number[] = [];
      for (let step = 1; step <= horizon; step += 1) {
        const cycles = Math.floor((step - 1) / lag) + 1;
        mean.push((lastCycle[(step - 1) % lag] as number) + cycles * slope);
        standardErrors.push(Math.sqrt(sigma * sigma * cycles + (cycles * slopeStandardError) ** 2));
      }
      return ensureFiniteForecast({ mean, intervals: normalIntervals(mean, standardErrors, levels) }, method);
    },
  };
}
