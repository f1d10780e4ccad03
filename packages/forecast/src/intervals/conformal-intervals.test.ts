import { describe, expect, it } from 'vitest';
import { conformalIntervals, stepScales } from './conformal-intervals.js';

describe('stepScales', () => {
  it('is the per-step root mean square, made non-decreasing', () => {
    const scales = stepScales(
      [
        [3, 1],
        [4, 1],
      ],
      2,
    );
    expect(scales[0]).toBeCloseTo(scales[1] as number, 12);
    expect(scales[0]).toBeCloseTo((Math.sqrt(12.5) + 1) / 2, 12);
  });

  it('extends beyond the validated steps with the square root of the horizon', () => {
    const scales = stepScales([[2], [2]], 4);
    expect(scales).toEqual([2, 2 * Math.sqrt(2), 2 * Math.sqrt(3), 4]);
  });
});

describe('conformalIntervals', () => {
  it('uses the finite-sample quantile of the absolute errors', () => {
    // 20 errors 1..20 at one step: the 80% interval uses the ceil(21 * 0.8) = 17th smallest, i.e. 17.
    const errors = Array.from({ length: 20 }, (_, index) => [(index % 2 === 0 ? 1 : -1) * (index + 1)]);
    const [interval] = conformalIntervals([100], errors, [80]);
    expect(interval?.lower[0]).toBeCloseTo(83, 10);
    expect(interval?.upper[0]).toBeCloseTo(117, 10);
  });

  it('falls back to the normal quantile when too few errors exist for the level', () => {
    const [interval] = conformalIntervals([0], [[1], [-1]], [95]);
    expect(interval?.upper[0]).toBeCloseTo(1.959963985, 6);
  });

  it('gives nested intervals that widen with the horizon', () => {
    const errors = [
      [1, -2, 3],
      [-1, 1, -4],
      [0.5, 2.5, 2],
    ];
    const [narrow, wide] = conformalIntervals([10, 10, 10], errors, [80, 95]);
    for (let step = 0; step < 3; step++) {
      expect(wide?.lower[step]).toBeLessThanOrEqual(narrow?.lower[step] as number);
      expect(wide?.upper[step]).toBeGreaterThanOrEqual(narrow?.upper[step] as number);
    }
    const widths = (wide?.upper ?? []).map((upper, step) => upper - (wide?.lower[step] as number));
    expect(widths[1]).toBeGreaterThanOrEqual(widths[0] as number);
    expect(widths[2]).toBeGreaterThanOrEqual(widths[1] as number);
  });

  it('rejects a level outside (0, 100)', () => {
    expect(() => conformalIntervals([1], [[1]], [100])).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
