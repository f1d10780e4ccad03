import type { ModelForecast } from '../../model/fitted-model.js';
import { validateForecastRequest } from '../../naive/internal/validate-history.js';
import type { IntermittentModel } from '../intermittent-model.js';
import { empiricalIntervals } from './empirical-intervals.js';

/** One run of a flat-forecast intermittent method: in-sample one-step fits and the final forecast. */
export interface IntermittentRun {
  /** One-step fits aligned with the history; `fitted[0]` is `null`. */
  readonly fitted: (number | null)[];
  readonly forecast: number;
}

/**
 * Wraps a Croston-type run as an {@link IntermittentModel}: residuals from the fits, a flat forecast, and
 * {@link empiricalIntervals} from the in-sample errors of origins at or after the first demand. An all-zero
 * history forecasts its (zero) forecast with zero-width intervals and a `fallbackReason`.
 */
export function toIntermittentModel(
  method: string,
  history: readonly number[],
  parameters: Record<string, number>,
  run: IntermittentRun,
): IntermittentModel {
  const allZero = history.every((value) => value === 0);
  const firstDemand = history.findIndex((value) => value > 0);
  return {
    method,
    parameters,
    fitted: run.fitted,
    residuals: run.fitted.map((fit, index) => (fit === null ? null : (history[index] as number) - fit)),
    ...(allZero ? { fallbackReason: 'every observation is zero, so the forecast is zero' } : {}),
    forecast(horizon: number, levels: readonly number[]): ModelForecast {
      validateForecastRequest(horizon, levels);
      const mean = new Array<number>(horizon).fill(run.forecast);
      if (allZero) {
        return { mean, intervals: levels.map((level) => ({ level, lower: [...mean], upper: [...mean] })) };
      }
      // Origins before the first demand forecast 0 by construction; their errors say nothing about the model.
      const origins = [...run.fitted.slice(1), run.forecast].map((forecast, origin) =>
        origin < firstDemand ? null : forecast,
      );
      return { mean, intervals: empiricalIntervals(history, origins, mean, levels, method) };
    },
  };
}
