import { describe, expect, it } from 'vitest';
import { minimizeScalar } from './minimize-scalar.js';

describe('minimizeScalar', () => {
  it('locates the minimum of a parabola to the tolerance', () => {
    const result = minimizeScalar((x) => (x - 0.3) ** 2, 0, 1);
    expect(result.x).toBeCloseTo(0.3, 9);
    expect(result.value).toBeLessThan(1e-18);
  });

  it('finds the global basin of a function with several local minima', () => {
    const objective = (x: number) => Math.cos(12 * x) + 0.5 * x;
    const result = minimizeScalar(objective, 0, 1);
    const grid = Array.from({ length: 10_001 }, (_, index) => objective(index / 10_000));
    expect(result.value).toBeLessThanOrEqual(Math.min(...grid) + 1e-12);
  });

  it('returns an end point when the minimum is on the boundary', () => {
    expect(minimizeScalar((x) => x, 2, 5).x).toBe(2);
  });
});
