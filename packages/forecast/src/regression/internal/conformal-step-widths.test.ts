import { describe, expect, it } from 'vitest';
import { conformalIntervals } from '../../intervals/conformal-intervals.js';
import { conformalStepWidths } from './conformal-step-widths.js';

describe('conformalStepWidths', () => {
  it('takes the ceil((n + 1) p)-th smallest absolute error at each step', () => {
    // 19 errors at step 1 (|e| = 1..19): ceil(20 × 0.95) = 19, ceil(20 × 0.8) = 16.
    const errors = Array.from({ length: 19 }, (_, index) => [index % 2 === 0 ? index + 1 : -(index + 1)]);
    const [wide, narrow] = conformalStepWidths(errors, 1, [95, 80]);
    expect(wide).toEqual([19]);
    expect(narrow).toEqual([16]);
  });

  it('falls back to the pooled normalised conformal width when a step has too few errors for the level', () => {
    const errors = [
      [1, 2],
      [-2, 3],
      [0.5, -1],
    ];
    const [width] = conformalStepWidths(errors, 3, [95]);
    const [pooled] = conformalIntervals([0, 0, 0], errors, [95]);
    expect(width).toEqual(pooled?.upper);
  });

  it('never narrows with the step and nests wider levels around narrower ones', () => {
    const errors = Array.from({ length: 40 }, (_, row) => [
      ((row * 7) % 11) - 5,
      ((row * 3) % 5) - 2,
      ((row * 5) % 13) - 6,
    ]);
    const widths = conformalStepWidths(errors, 6, [50, 99, 80]);
    for (const width of widths)
      for (let step = 1; step < 6; step++)
        expect(width[step]).toBeGreaterThanOrEqual(width[step - 1] as number);
    for (let step = 0; step < 6; step++) {
      expect(widths[1]?.[step]).toBeGreaterThanOrEqual(widths[2]?.[step] as number);
      expect(widths[2]?.[step]).toBeGreaterThanOrEqual(widths[0]?.[step] as number);
    }
  });

  it('gives zero widths when there are no errors', () => {
    expect(conformalStepWidths([], 2, [80])).toEqual([[0, 0]]);
  });
});
