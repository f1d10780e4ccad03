import { describe, expect, it } from 'vitest';
import { lagariasNelderMead } from './lagarias-nelder-mead.js';

const rosenbrock = (point: readonly number[]) => {
  const [x, y] = point as [number, number];
  return 100 * (y - x * x) ** 2 + (1 - x) ** 2;
};

describe('lagariasNelderMead', () => {
  it("finds the minimum of Rosenbrock's function from the classic start", () => {
    const result = lagariasNelderMead(rosenbrock, [-1.2, 1], { maxIterations: 5000 });
    expect(result.value).toBeLessThan(1e-8);
    expect(result.point[0]).toBeCloseTo(1, 3);
    expect(result.point[1]).toBeCloseTo(1, 3);
  });

  it('keeps the optimum inside a box expressed by infinite values', () => {
    const boxed = (point: readonly number[]) => {
      const x = point[0] as number;
      return x < 0.2 ? Number.POSITIVE_INFINITY : (x - 0.1) ** 2;
    };
    const result = lagariasNelderMead(boxed, [0.5]);
    expect(result.point[0]).toBeGreaterThanOrEqual(0.2);
    expect(result.point[0]).toBeCloseTo(0.2, 6);
  });

  it('stops after the iteration budget', () => {
    expect(lagariasNelderMead(rosenbrock, [-1.2, 1], { maxIterations: 10 }).iterations).toBe(10);
  });
});
