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
  it('uses the finite-sample quantile of the errors scaled by the other windows', () => {
    // 20 windows with errors ±1..±20 at one step (sum of squares 2870). Window k's score is
    // k / sqrt((2870 - k²) / 19), increasing in k; the 80% interval uses the ceil(21 * 0.8) = 17th smallest
    // score times the scale of all windows, sqrt(2870 / 20): 17 * sqrt(143.5) / sqrt(2581 / 19) = 17.4726.
    const errors = Array.from({ length: 20 }, (_, index) => [(index % 2 === 0 ? 1 : -1) * (index + 1)]);
    const [interval] = conformalIntervals([100], errors, [80]);
    expect(interval?.upper[0]).toBeCloseTo(117.4726, 4);
    expect(interval?.lower[0]).toBeCloseTo(82.5274, 4);
  });

  it('widens for errors that change size between windows, where scoring against their own scale would not', () => {
    // Five windows, one step: four errors of ±1 and one of 10. Scaled by the scale of all five (√20.8), no
    // score can reach √5 = 2.236; scaled by the other four, the large error scores 10.
    const errors = [[1], [-1], [1], [-1], [10]];
    const [interval] = conformalIntervals([0], errors, [80]);
    // ceil(6 * 0.8) = 5: the largest score, 10, times √(104 / 5).
    expect(interval?.upper[0]).toBeCloseTo(10 * Math.sqrt(104 / 5), 10);
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
