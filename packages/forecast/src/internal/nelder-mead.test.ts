import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.js';

const shiftedQuadratic = (x: Float64Array) =>
  ((x[0] ?? 0) - 1) ** 2 + 2 * ((x[1] ?? 0) + 2) ** 2 + 3 * ((x[2] ?? 0) - 0.5) ** 2;

describe('nelderMead', () => {
  it('finds the minimum of a smooth convex function', () => {
    const result = nelderMead(shiftedQuadratic, Float64Array.of(0, 0, 0), { relativeTolerance: 1e-14 });
    expect(result.value).toBeLessThan(1e-8);
    expect(Array.from(result.x).map((value) => Number(value.toFixed(3)))).toEqual([1, -2, 0.5]);
  });

  it('treats non-finite objective values as rejected points', () => {
    const boxed = (x: Float64Array) => ((x[0] ?? 0) < 0.2 ? Number.NaN : ((x[0] ?? 0) - 0.1) ** 2);
    const result = nelderMead(boxed, Float64Array.of(0.5));
    expect(result.x[0]).toBeGreaterThanOrEqual(0.2);
  });

  it('returns an infinite value when the start is rejected', () => {
    const result = nelderMead(() => Number.POSITIVE_INFINITY, Float64Array.of(1, 2));
    expect(result).toEqual({ x: Float64Array.of(1, 2), value: Number.POSITIVE_INFINITY, evaluations: 1 });
  });

  it('stops soon after the evaluation budget', () => {
    const result = nelderMead(shiftedQuadratic, Float64Array.of(0, 0, 0), { maxEvaluations: 30 });
    expect(result.evaluations).toBeLessThanOrEqual(30 + 4);
  });
});
