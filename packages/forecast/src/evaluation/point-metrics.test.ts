import { describe, expect, it } from 'vitest';
import { coverage, msis } from './interval-metrics.js';
import { owa } from './owa.js';
import { mae, mape, mase, rmse, seasonalNaiveScale, smape } from './point-metrics.js';

// Hand-computed: actual [3, 4], forecast [2.5, 4.5], history [1, 2, 3] (naive scale 1).
const actual = [3, 4];
const predicted = [2.5, 4.5];
const history = [1, 2, 3];

describe('point metrics (M4 definitions)', () => {
  it('computes MAE and RMSE', () => {
    expect(mae(actual, predicted)).toBe(0.5);
    expect(rmse([1, 2], [2, 4])).toBeCloseTo(Math.sqrt(2.5), 12);
  });

  it('computes MAPE as 100/h * sum |e| / |y|', () => {
    expect(mape(actual, predicted)).toBeCloseTo(50 * (0.5 / 3 + 0.5 / 4), 12);
  });

  it('leaves zero actuals out of MAPE and returns null when all are zero', () => {
    expect(mape([0, 2], [1, 1])).toBe(50);
    expect(mape([0, 0], [1, 1])).toBeNull();
  });

  it('computes sMAPE as 200/h * sum |e| / (|y| + |f|), counting 0/0 as 0', () => {
    expect(smape(actual, predicted)).toBeCloseTo(100 * (0.5 / 5.5 + 0.5 / 8.5), 12);
    expect(smape([0, 1], [0, 3])).toBe(50);
  });

  it('scales MASE by the in-sample seasonal naive MAE', () => {
    expect(mase(actual, predicted, history, 1)).toBe(0.5);
    expect(seasonalNaiveScale([1, 2, 3, 5], 2)).toBe(2.5);
    expect(mase([6], [1], [1, 2, 3, 5], 2)).toBe(2);
  });

  it('returns a null MASE when the history is too short or flat', () => {
    expect(mase(actual, predicted, [1, 2], 2)).toBeNull();
    expect(mase(actual, predicted, [4, 4, 4], 1)).toBeNull();
  });

  it('rejects unequal lengths and non-finite values with invalid_input', () => {
    expect(() => mae([1], [1, 2])).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => smape([Number.NaN], [1])).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});

describe('interval metrics', () => {
  const lower = [2, 4.2];
  const upper = [3.5, 5];

  it('computes coverage as the share inside the closed interval', () => {
    expect(coverage(actual, lower, upper)).toBe(0.5);
    expect(coverage([2, 5], lower, upper)).toBe(1);
    expect(coverage([1.9, 5.1], lower, upper)).toBe(0);
  });

  it('computes the M4 MSIS: width plus 2/a times the miss, over the naive scale', () => {
    // step 1: width 1.5, inside; step 2: width 0.8 plus 40 * 0.2 below the lower bound.
    expect(msis(actual, lower, upper, history, 1, 95)).toBeCloseTo((1.5 + 0.8 + 8) / 2, 12);
    // 80% interval: a = 0.2, penalty 10 * 0.2.
    expect(msis(actual, lower, upper, history, 1, 80)).toBeCloseTo((1.5 + 0.8 + 2) / 2, 12);
  });

  it('divides MSIS by the seasonal scale', () => {
    expect(msis([10], [9], [11], [1, 2, 3, 5], 2)).toBeCloseTo(2 / 2.5, 12);
  });
});

describe('owa', () => {
  it('averages sMAPE and MASE relative to Naive2', () => {
    expect(owa(10, 0.8, 20, 1)).toBeCloseTo(0.65, 12);
  });

  it('returns null when a benchmark score is zero', () => {
    expect(owa(10, 0.8, 0, 1)).toBeNull();
  });
});
