import type { FittedModel, ModelForecast } from '../../model/fitted-model.js';

/**
 * A flat forecast at `value` with zero-width intervals, for constant series and single observations where no
 * spread can be estimated (the caller adds a warning saying so).
 */
export function constantModel(values: readonly number[], value: number): FittedModel {
  return {
    method: 'Constant',
    parameters: { level: value },
    fitted: values.map(() => value),
    residuals: values.map((observed) => observed - value),
    forecast(horizon: number, levels: readonly number[]): ModelForecast {
      const mean = Array.from({ length: horizon }, () => value);
      return { mean, intervals: levels.map((level) => ({ level, lower: [...mean], upper: [...mean] })) };
    },
  };
}
