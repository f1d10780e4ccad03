import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';

describe('evaluate', () => {
  it('scores points and every interval level', () => {
    const result = evaluate(
      [3, 4],
      {
        mean: [2.5, 4.5],
        intervals: [
          { level: 80, lower: [2.8, 4.3], upper: [3.2, 4.7] },
          { level: 95, lower: [2, 4.2], upper: [3.5, 5] },
        ],
      },
      [1, 2, 3],
    );
    expect(result.mae).toBe(0.5);
    expect(result.mase).toBe(0.5);
    expect(result.intervals).toEqual([
      { level: 80, coverage: 0.5, msis: expect.closeTo((0.4 + 0.4 + 10 * 0.3) / 2, 12) },
      { level: 95, coverage: 0.5, msis: expect.closeTo(5.15, 12) },
    ]);
    // Naive2 on [1, 2, 3] forecasts [3, 3]: sMAPE 100/7, MASE 0.5.
    expect(result.owa).toBeCloseTo((result.smape / (100 / 7) + 0.5 / 0.5) / 2, 12);
  });

  it('computes OWA against a given benchmark', () => {
    // forecast: sMAPE 0, MASE 0; benchmark [3, 3]: sMAPE 100/7, MASE 0.5 -> OWA 0.
    const perfect = evaluate([3, 4], { mean: [3, 4] }, [1, 2, 3], { benchmark: [3, 3] });
    expect(perfect.owa).toBe(0);
    const same = evaluate([3, 4], { mean: [3, 3] }, [1, 2, 3], { benchmark: [3, 3] });
    expect(same.owa).toBeCloseTo(1, 12);
  });

  it('uses the season period for MASE', () => {
    expect(evaluate([6], { mean: [1] }, [1, 2, 3, 5], { seasonPeriod: 2 }).mase).toBe(2);
  });

  it('rejects a benchmark of the wrong length', () => {
    expect(() => evaluate([1, 2], { mean: [1, 2] }, [1, 2, 3], { benchmark: [1] })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
