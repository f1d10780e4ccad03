import type { ModelForecast, PredictionInterval } from '../../model/fitted-model.js';

/**
 * Makes a forecast safe to return: every number finite (a non-finite point becomes the previous point, or
 * `fallback`), points inside their intervals, wider levels containing narrower ones, everything clipped at 0
 * when `nonNegative`.
 */
export function finalizeForecast(
  forecast: ModelForecast,
  levels: readonly number[],
  nonNegative: boolean,
  fallback: number,
): ModelForecast {
  const clip = (value: number): number => (nonNegative ? Math.max(0, value) : value);
  const mean: number[] = [];
  for (const value of forecast.mean) {
    const previous = mean[mean.length - 1] ?? fallback;
    mean.push(clip(Number.isFinite(value) ? value : previous));
  }
  const ascending = [...levels].sort((left, right) => left - right);
  const byLevel = new Map<number, PredictionInterval>();
  let inner: { lower: number[]; upper: number[] } = { lower: [...mean], upper: [...mean] };
  for (const level of ascending) {
    const source = forecast.intervals.find((interval) => interval.level === level);
    const lower = mean.map((point, step) => {
      const value = source?.lower[step];
      const finite = value !== undefined && Number.isFinite(value) ? value : (inner.lower[step] as number);
      return clip(Math.min(finite, inner.lower[step] as number, point));
    });
    const upper = mean.map((point, step) => {
      const value = source?.upper[step];
      const finite = value !== undefined && Number.isFinite(value) ? value : (inner.upper[step] as number);
      return clip(Math.max(finite, inner.upper[step] as number, point));
    });
    byLevel.set(level, { level, lower, upper });
    inner = { lower, upper };
  }
  return { mean, intervals: levels.map((level) => byLevel.get(level) as PredictionInterval) };
}
