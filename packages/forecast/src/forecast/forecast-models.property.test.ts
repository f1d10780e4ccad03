import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecast } from './forecast.js';
import type { ForecastOptions } from './forecast-options.js';

const day = 86_400_000;

const seriesArbitrary = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), {
  minLength: 1,
  maxLength: 80,
});

const optionsArbitrary = fc.record({
  horizon: fc.integer({ min: 1, max: 20 }),
  model: fc.constantFrom('prophet' as const, 'mstl' as const, 'regression' as const),
  levels: fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 3 }),
  seasonPeriods: fc.constantFrom<number[] | undefined>(undefined, [3, 7], [7]),
  transform: fc.constantFrom('none' as const, 'log' as const),
});

function run(values: readonly number[], options: ForecastOptions) {
  const start = Date.UTC(2024, 0, 1);
  return forecast(
    {
      id: 'p',
      frequency: 'day',
      timestamps: values.map((_, index) => start + index * day),
      values: [...values],
    },
    options,
  );
}

describe('prophet, mstl and regression properties', () => {
  it('return horizon finite points inside nested intervals, or a DyocenseError', () => {
    fc.assert(
      fc.property(seriesArbitrary, optionsArbitrary, (values, { seasonPeriods, ...rest }) => {
        const options: ForecastOptions = seasonPeriods === undefined ? rest : { ...rest, seasonPeriods };
        let result: ReturnType<typeof run>;
        try {
          result = run(values, options);
        } catch (error) {
          expect(DyocenseError.isInstance(error)).toBe(true);
          return;
        }
        expect(result.points).toHaveLength(options.horizon);
        const ascending = [...(options.levels ?? [])].sort((left, right) => left - right);
        for (const point of result.points) {
          expect(Number.isFinite(point.mean)).toBe(true);
          let lower = point.mean;
          let upper = point.mean;
          for (const level of ascending) {
            const interval = point.intervals.find((candidate) => candidate.level === level);
            expect(interval?.lower).toBeLessThanOrEqual(lower);
            expect(interval?.upper).toBeGreaterThanOrEqual(upper);
            lower = interval?.lower as number;
            upper = interval?.upper as number;
          }
        }
        expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('are deterministic for a seed', () => {
    fc.assert(
      fc.property(
        seriesArbitrary,
        optionsArbitrary,
        fc.integer(),
        (values, { seasonPeriods, ...rest }, seed) => {
          const options: ForecastOptions = {
            ...rest,
            seed,
            ...(seasonPeriods === undefined ? {} : { seasonPeriods }),
          };
          expect(run(values, options)).toEqual(run(values, options));
        },
      ),
      { numRuns: 20 },
    );
  }, 60_000);
});
