import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecast } from './forecast.js';
import type { ForecastOptions } from './forecast-options.js';

const cheapModels = ['naive', 'snaive', 'drift', 'mean', 'theta', 'croston', 'naive2'] as const;

const seriesArbitrary = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), {
  minLength: 1,
  maxLength: 60,
});

const optionsArbitrary = fc.record({
  horizon: fc.integer({ min: 1, max: 24 }),
  model: fc.constantFrom(...cheapModels),
  levels: fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 3 }),
  seasonPeriod: fc.constantFrom(1, 4, 12),
  transform: fc.constantFrom('none' as const, 'log' as const, 'boxcox' as const),
});

function run(values: readonly number[], options: object) {
  return forecast(
    { id: 'p', frequency: 'period', timestamps: values.map((_, index) => index), values: [...values] },
    options as ForecastOptions,
  );
}

describe('forecast properties', () => {
  it('returns horizon points, nested intervals around the point and finite numbers', () => {
    fc.assert(
      fc.property(seriesArbitrary, optionsArbitrary, (values, options) => {
        const result = run(values, options);
        expect(result.points).toHaveLength(options.horizon);
        const ascending = [...options.levels].sort((left, right) => left - right);
        for (const point of result.points) {
          expect(Number.isFinite(point.mean)).toBe(true);
          let lower = point.mean;
          let upper = point.mean;
          for (const level of ascending) {
            const interval = point.intervals.find((candidate) => candidate.level === level);
            expect(interval).toBeDefined();
            expect(Number.isFinite(interval?.lower)).toBe(true);
            expect(Number.isFinite(interval?.upper)).toBe(true);
            expect(interval?.lower).toBeLessThanOrEqual(lower);
            expect(interval?.upper).toBeGreaterThanOrEqual(upper);
            lower = interval?.lower as number;
            upper = interval?.upper as number;
          }
        }
        expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity|null,"?mean/);
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic for a seed', () => {
    fc.assert(
      fc.property(seriesArbitrary, optionsArbitrary, fc.integer(), (values, options, seed) => {
        expect(run(values, { ...options, seed })).toEqual(run(values, { ...options, seed }));
      }),
      { numRuns: 50 },
    );
  });

  it('is deterministic with auto and ensemble', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 8, maxLength: 30 }),
        fc.constantFrom('auto' as const, 'ensemble' as const),
        (values, model) => {
          const options = {
            horizon: 3,
            model,
            seasonPeriod: 4,
            members: ['theta', 'naive', 'drift'] as ('theta' | 'naive' | 'drift')[],
          };
          const first = run(values, model === 'auto' ? { horizon: 3, seasonPeriod: 4 } : options);
          expect(first.points).toHaveLength(3);
          expect(first.points.every((point) => Number.isFinite(point.mean))).toBe(true);
          expect(run(values, model === 'auto' ? { horizon: 3, seasonPeriod: 4 } : options)).toEqual(first);
        },
      ),
      { numRuns: 6 },
    );
  }, 120_000);

  it('throws only typed errors on bad input', () => {
    const bad = fc.oneof(
      fc.record({ values: fc.constant([1, Number.NaN, 3]), options: fc.constant({ horizon: 2 }) }),
      fc.record({
        values: seriesArbitrary,
        options: fc.record({ horizon: fc.integer({ min: -5, max: 0 }) }),
      }),
      fc.record({
        values: seriesArbitrary,
        options: fc.record({ horizon: fc.double({ min: 0.1, max: 5, noInteger: true }) }),
      }),
      fc.record({
        values: seriesArbitrary,
        options: fc.record({ horizon: fc.constant(2), levels: fc.constant([0]) }),
      }),
      fc.record({
        values: seriesArbitrary,
        options: fc.record({ horizon: fc.constant(2), model: fc.string() }),
      }),
      fc.record({ values: fc.constant([]), options: fc.constant({ horizon: 2 }) }),
    );
    fc.assert(
      fc.property(bad, ({ values, options }) => {
        try {
          run(values, options);
        } catch (error) {
          expect(DyocenseError.isInstance(error)).toBe(true);
          expect(['invalid_input', 'insufficient_data']).toContain((error as DyocenseError).code);
          return;
        }
        expect.unreachable('bad input must throw');
      }),
      { numRuns: 100 },
    );
  });
});
