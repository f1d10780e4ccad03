import { describe, expect, it } from 'vitest';
import type { FittedModel } from '../model/fitted-model.js';
import { crossValidate } from './cross-validate.js';

/** Test double: repeats the last observation (the naive method) without intervals. */
function lastValue(history: readonly number[]): FittedModel {
  const last = history[history.length - 1] as number;
  return {
    method: 'last value',
    parameters: {},
    fitted: history.map(() => null),
    residuals: history.map(() => null),
    forecast: (horizon) => ({ mean: Array.from({ length: horizon }, () => last), intervals: [] }),
  };
}

const series = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('crossValidate', () => {
  it('refits at each rolling origin and forecasts the next horizon', () => {
    const result = crossValidate(series, lastValue, { horizon: 2, windows: 3 });
    expect(result.windows.map((window) => window.trainSize)).toEqual([4, 6, 8]);
    expect(result.windows[0]?.actual).toEqual([5, 6]);
    expect(result.windows[0]?.errors).toEqual([1, 2]);
    expect(result.mae).toBe(1.5);
    expect(result.mase).toBe(1.5);
  });

  it('averages sMAPE over windows', () => {
    const result = crossValidate(series, lastValue, { horizon: 2, windows: 1 });
    expect(result.smape).toBeCloseTo(100 * (1 / 17 + 2 / 18), 12);
  });

  it('derives the number of windows from initial and step', () => {
    const result = crossValidate(series, lastValue, { horizon: 2, initial: 5, step: 1 });
    expect(result.windows.map((window) => window.trainSize)).toEqual([5, 6, 7, 8]);
  });

  it('reports insufficient_data when the windows do not fit', () => {
    expect(() => crossValidate(series, lastValue, { horizon: 4, windows: 3 })).toThrow(
      expect.objectContaining({ code: 'insufficient_data' }),
    );
  });

  it('rejects options without windows or initial', () => {
    expect(() => crossValidate(series, lastValue, { horizon: 2 })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
