import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecomposableModel } from './decomposable-model.js';
import { fitDecomposable } from './fit-decomposable.js';

const day = 86_400_000;
const start = Date.UTC(2020, 0, 1);

const seriesArbitrary = fc.record({
  values: fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), {
    minLength: 0,
    maxLength: 80,
  }),
  gaps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 80, maxLength: 80 }),
  horizon: fc.integer({ min: 1, max: 20 }),
  growth: fc.constantFrom('linear' as const, 'flat' as const),
  mode: fc.constantFrom('additive' as const, 'multiplicative' as const),
  seed: fc.integer({ min: 0, max: 1000 }),
});

function timestampsFor(count: number, gaps: readonly number[]): number[] {
  let current = start;
  return Array.from({ length: count }, (_, index) => {
    if (index > 0) current += (gaps[index] ?? 1) * day;
    return current;
  });
}

function fitOrError(run: () => DecomposableModel): DecomposableModel | undefined {
  try {
    return run();
  } catch (error) {
    expect(DyocenseError.isInstance(error)).toBe(true);
    return undefined;
  }
}

describe('fitDecomposable properties', () => {
  it('returns horizon-long finite forecasts with nested intervals containing the mean, or a DyocenseError', () => {
    fc.assert(
      fc.property(seriesArbitrary, ({ values, gaps, horizon, growth, mode, seed }) => {
        const timestamps = timestampsFor(values.length, gaps);
        const model = fitOrError(() =>
          fitDecomposable(timestamps, values, {
            growth,
            seasonalityMode: mode,
            seed,
            uncertaintySamples: 100,
          }),
        );
        if (model === undefined) return;
        for (const value of [...model.fitted, ...model.residuals]) expect(Number.isFinite(value)).toBe(true);
        const forecast = model.forecast(horizon, [95, 80]);
        expect(forecast.mean).toHaveLength(horizon);
        expect(forecast.timestamps).toHaveLength(horizon);
        expect(forecast.intervals.map((interval) => interval.level)).toEqual([80, 95]);
        const [inner, outer] = forecast.intervals;
        for (let step = 0; step < horizon; step += 1) {
          const mean = forecast.mean[step] ?? Number.NaN;
          const bounds = [
            outer?.lower[step],
            inner?.lower[step],
            mean,
            inner?.upper[step],
            outer?.upper[step],
          ];
          for (const bound of bounds) expect(Number.isFinite(bound)).toBe(true);
          for (let index = 1; index < bounds.length; index += 1) {
            expect(bounds[index - 1] ?? Number.NaN).toBeLessThanOrEqual(bounds[index] ?? Number.NaN);
          }
        }
        const components = model.components({ horizon });
        expect(components.mean).toHaveLength(values.length + horizon);
        components.mean.slice(values.length).forEach((value, step) => {
          expect(value).toBeCloseTo(forecast.mean[step] ?? Number.NaN, 6);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('is deterministic for a seed', () => {
    fc.assert(
      fc.property(seriesArbitrary, ({ values, gaps, horizon, seed }) => {
        const timestamps = timestampsFor(values.length, gaps);
        const first = fitOrError(() => fitDecomposable(timestamps, values, { seed, uncertaintySamples: 50 }));
        if (first === undefined) return;
        const second = fitDecomposable(timestamps, values, { seed, uncertaintySamples: 50 });
        expect(second.forecast(horizon, [90])).toEqual(first.forecast(horizon, [90]));
        expect(first.forecast(horizon, [90])).toEqual(first.forecast(horizon, [90]));
      }),
      { numRuns: 30 },
    );
  });

  it('throws invalid_input for non-finite values, bad levels and bad horizons', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 40 }),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        fc.constantFrom(0, 100, -5, 150, Number.NaN),
        fc.constantFrom(0, -1, 1.5, Number.NaN),
        (count, bad, level, horizon) => {
          const timestamps = timestampsFor(count, []);
          const values = Array.from({ length: count }, (_, index) => index);
          const broken = [...values];
          broken[count - 1] = bad;
          expect(() => fitDecomposable(timestamps, broken)).toThrow(
            expect.objectContaining({ code: 'invalid_input' }),
          );
          const model = fitDecomposable(timestamps, values);
          expect(() => model.forecast(2, [level])).toThrow(
            expect.objectContaining({ code: 'invalid_input' }),
          );
          expect(() => model.forecast(horizon, [95])).toThrow(
            expect.objectContaining({ code: 'invalid_input' }),
          );
        },
      ),
      { numRuns: 20 },
    );
  });
});
