import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitMstlForecast } from './fit-mstl-forecast.js';

const seriesArbitrary = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), {
  minLength: 1,
  maxLength: 80,
});

const optionsArbitrary = fc.record({
  horizon: fc.integer({ min: 1, max: 30 }),
  levels: fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 3 }),
  seasonPeriods: fc.constantFrom([4], [7], [4, 12], [3, 7, 20], [2.5, 6]),
  trendModel: fc.constantFrom('ets' as const, 'theta' as const, 'naive' as const, 'drift' as const),
  lambda: fc.constantFrom(undefined, 0, 0.5, 'auto' as const),
  robust: fc.boolean(),
});

describe('fitMstlForecast properties', () => {
  it('returns horizon finite points inside nested intervals, or a DyocenseError', () => {
    fc.assert(
      fc.property(seriesArbitrary, optionsArbitrary, (values, options) => {
        let result: ReturnType<ReturnType<typeof fitMstlForecast>['forecast']>;
        try {
          const model = fitMstlForecast(values, {
            seasonPeriods: options.seasonPeriods,
            trendModel: options.trendModel,
            robust: options.robust,
            ...(options.lambda === undefined ? {} : { lambda: options.lambda }),
          });
          result = model.forecast(options.horizon, options.levels);
        } catch (error) {
          expect(DyocenseError.isInstance(error)).toBe(true);
          return;
        }
        expect(result.mean).toHaveLength(options.horizon);
        const byLevel = [...result.intervals].sort((left, right) => left.level - right.level);
        result.mean.forEach((mean, step) => {
          expect(Number.isFinite(mean)).toBe(true);
          let lower = mean;
          let upper = mean;
          for (const interval of byLevel) {
            const bottom = interval.lower[step] as number;
            const top = interval.upper[step] as number;
            expect(Number.isFinite(bottom) && Number.isFinite(top)).toBe(true);
            expect(bottom).toBeLessThanOrEqual(lower + 1e-9 * Math.max(1, Math.abs(lower)));
            expect(top).toBeGreaterThanOrEqual(upper - 1e-9 * Math.max(1, Math.abs(upper)));
            lower = bottom;
            upper = top;
          }
        });
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it('is deterministic', () => {
    const values = Array.from({ length: 60 }, (_, index) => 10 + Math.sin(index) + (index % 12));
    const first = fitMstlForecast(values, { seasonPeriods: [12] }).forecast(12, [80, 95]);
    const second = fitMstlForecast(values, { seasonPeriods: [12] }).forecast(12, [80, 95]);
    expect(second).toEqual(first);
  });
});
