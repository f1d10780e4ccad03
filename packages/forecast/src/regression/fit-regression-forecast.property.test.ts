import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelForecast } from '../model/fitted-model.js';
import { fitRegressionForecast, type RegressionForecastOptions } from './fit-regression-forecast.js';

const spacings = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;

const seriesArbitrary = fc.record({
  values: fc.oneof(
    fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 90 }),
    fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 0, maxLength: 90 }),
    fc
      .tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.integer({ min: 0, max: 90 }))
      .map(([value, length]) => Array.from({ length }, () => value)),
  ),
  spacing: fc.constantFrom(...(Object.keys(spacings) as (keyof typeof spacings)[])),
  start: fc
    .integer({ min: Date.UTC(2000, 0, 1) / 3_600_000, max: Date.UTC(2030, 0, 1) / 3_600_000 })
    .map((hours) => hours * 3_600_000),
});

/** Options, and whether to add a 0/1 promotion regressor (known for 30 future steps). */
const optionsArbitrary = fc.record(
  {
    lags: fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 4 }),
    rollingWindows: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 2 }),
    transform: fc.constantFrom('none' as const, 'log1p' as const),
    mixing: fc.double({ min: 0, max: 1, noNaN: true }),
    withPromo: fc.boolean(),
  },
  { requiredKeys: ['withPromo'] },
);

const requestArbitrary = fc.record({
  horizon: fc.integer({ min: 1, max: 30 }),
  levels: fc.uniqueArray(fc.constantFrom(50, 80, 90, 95, 99), { minLength: 1, maxLength: 4 }),
});

function run(
  values: readonly number[],
  spacing: keyof typeof spacings,
  start: number,
  { withPromo, ...rest }: RegressionForecastOptions & { withPromo: boolean },
  horizon: number,
  levels: readonly number[],
): ModelForecast | DyocenseError {
  const timestamps = values.map((_, index) => start + index * spacings[spacing]);
  const promo = (length: number): number[] => Array.from({ length }, (_, index) => (index % 3 === 0 ? 1 : 0));
  const options: RegressionForecastOptions = withPromo
    ? { ...rest, exogenous: { promo: promo(values.length) }, futureExogenous: { promo: promo(30) } }
    : rest;
  try {
    return fitRegressionForecast(timestamps, values, options).forecast(horizon, levels);
  } catch (error) {
    if (DyocenseError.isInstance(error)) return error;
    throw error;
  }
}

describe('fitRegressionForecast properties', () => {
  it('returns a forecast of the horizon length with finite, nested intervals around it, or a DyocenseError', () => {
    fc.assert(
      fc.property(
        seriesArbitrary,
        optionsArbitrary,
        requestArbitrary,
        ({ values, spacing, start }, options, request) => {
          const result = run(values, spacing, start, options, request.horizon, request.levels);
          if (DyocenseError.isInstance(result)) {
            expect(['invalid_input', 'insufficient_data']).toContain(result.code);
            return;
          }
          expect(result.mean).toHaveLength(request.horizon);
          expect(result.mean.every(Number.isFinite)).toBe(true);
          const byLevel = [...result.intervals].sort((left, right) => left.level - right.level);
          for (const [position, interval] of byLevel.entries()) {
            expect(interval.lower).toHaveLength(request.horizon);
            expect(interval.upper).toHaveLength(request.horizon);
            for (let step = 0; step < request.horizon; step++) {
              const lower = interval.lower[step] as number;
              const upper = interval.upper[step] as number;
              const mean = result.mean[step] as number;
              expect(Number.isFinite(lower) && Number.isFinite(upper)).toBe(true);
              expect(lower).toBeLessThanOrEqual(mean);
              expect(upper).toBeGreaterThanOrEqual(mean);
              const narrower = byLevel[position - 1];
              if (narrower !== undefined) {
                expect(lower).toBeLessThanOrEqual(narrower.lower[step] as number);
                expect(upper).toBeGreaterThanOrEqual(narrower.upper[step] as number);
              }
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is deterministic: the same input gives the same model and forecast', () => {
    fc.assert(
      fc.property(
        seriesArbitrary,
        optionsArbitrary,
        requestArbitrary,
        ({ values, spacing, start }, options, request) => {
          const first = run(values, spacing, start, options, request.horizon, request.levels);
          const second = run(values, spacing, start, options, request.horizon, request.levels);
          if (DyocenseError.isInstance(first)) {
            expect(DyocenseError.isInstance(second) && second.code === first.code).toBe(true);
          } else {
            expect(second).toEqual(first);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('rejects non-finite values, mismatched timestamps and bad requests with typed errors', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 30, maxLength: 60 }),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        fc.nat(),
        fc.constantFrom(0, -1, 2.5, Number.NaN),
        (values, bad, position, horizon) => {
          const timestamps = values.map((_, index) => Date.UTC(2024, 0, 1) + index * spacings.day);
          const broken = values.map((value, index) => (index === position % values.length ? bad : value));
          expect(() => fitRegressionForecast(timestamps, broken)).toThrow(DyocenseError);
          expect(() => fitRegressionForecast(timestamps.slice(1), values)).toThrow(DyocenseError);
          expect(() => fitRegressionForecast(timestamps, values).forecast(horizon, [80])).toThrow(
            DyocenseError,
          );
        },
      ),
      { numRuns: 20 },
    );
  });
});
