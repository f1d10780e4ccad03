import { readFileSync } from 'node:fs';
import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seasonalStrength } from '../mstl/seasonal-strength.js';
import { loadReferenceFixtures } from './__fixtures__/r-arima.js';
import { autoArima } from './auto-arima.js';
import {
  countDifferences,
  countSeasonalDifferences,
  differenceSeries,
  kpssStatistic,
} from './internal/unit-root-tests.js';

const reference = loadReferenceFixtures();
const cases = reference.auto.map((entry) => {
  const series = reference.series[entry.series];
  if (series === undefined) throw new Error(`fixture series ${entry.series} is missing`);
  return [entry.series, { ...entry, values: series.values }] as const;
});

describe.each(cases)('autoArima on %s against R auto.arima', (_name, entry) => {
  it('computes the KPSS statistic of urca::ur.kpss', () => {
    expect(Math.abs(kpssStatistic(entry.values) - entry.kpss)).toBeLessThan(1e-9 * Math.max(1, entry.kpss));
  });

  it('chooses the same number of seasonal and first differences as nsdiffs and ndiffs', () => {
    const seasonal = entry.period > 1 ? countSeasonalDifferences(entry.values, entry.period) : 0;
    expect(seasonal).toBe(entry.nsdiffs);
    const differenced = seasonal > 0 ? differenceSeries(entry.values, entry.period, seasonal) : entry.values;
    expect(countDifferences(differenced)).toBe(entry.ndiffs);
  });

  it('selects the same orders with the same AICc', () => {
    const model = autoArima(entry.values, { seasonPeriod: entry.period });
    expect(model.order).toEqual(entry.order);
    expect(entry.period > 1 ? model.seasonalOrder : [0, 0, 0]).toEqual(entry.seasonalOrder);
    expect(Math.abs((model.informationCriteria?.aicc ?? Number.NaN) - entry.aicc)).toBeLessThan(1e-3);
  });
});

describe('seasonal differences on tourism series against R nsdiffs', () => {
  // Recorded by bench/reference/arima-nsdiffs-tourism.R (see __fixtures__/README.md): series on which a
  // classical-decomposition strength chose no seasonal difference where R's STL-based one chooses one.
  const tourism = JSON.parse(
    readFileSync(new URL('./__fixtures__/r-nsdiffs-tourism.json', import.meta.url), 'utf8'),
  ) as {
    series: { id: string; period: number; nsdiffs: number; seasonalStrength: number; values: number[] }[];
  };

  it.each(tourism.series.map((series) => ({ ...series, label: series.id })))(
    '$label gets R’s seasonal strength and seasonal difference',
    (series) => {
      const [strength] = seasonalStrength(series.values, [series.period]);
      expect(strength?.strength).toBeCloseTo(series.seasonalStrength, 8);
      expect(countSeasonalDifferences(series.values, series.period)).toBe(series.nsdiffs);
    },
  );
});

describe('autoArima special cases', () => {
  it('fits a constant series as its mean with zero-width intervals', () => {
    const model = autoArima(new Array<number>(20).fill(7));
    const forecast = model.forecast(3, [95]);
    expect(forecast.mean).toEqual([7, 7, 7]);
    expect(forecast.intervals[0]?.upper).toEqual([7, 7, 7]);
  });

  it('follows a deterministic linear trend with a drift model', () => {
    const model = autoArima(Array.from({ length: 30 }, (_, t) => 5 + 2 * t));
    expect(model.method).toBe('ARIMA(0,1,0) with drift');
    expect(model.forecast(2, [80]).mean).toEqual([65, 67]);
  });

  it('rejects non-finite values with invalid_input', () => {
    try {
      autoArima([1, 2, Number.POSITIVE_INFINITY]);
      expect.unreachable();
    } catch (error) {
      expect(DyocenseError.isInstance(error) && error.code).toBe('invalid_input');
    }
  });
});

describe('autoArima properties', () => {
  it('returns a model with finite forecasts of the requested length or a DyocenseError', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e5, max: 1e5, noNaN: true }), { minLength: 0, maxLength: 40 }),
        fc.constantFrom(1, 4),
        fc.integer({ min: 1, max: 12 }),
        (values, seasonPeriod, horizon) => {
          let model: ReturnType<typeof autoArima>;
          try {
            model = autoArima(values, { seasonPeriod });
          } catch (error) {
            expect(DyocenseError.isInstance(error)).toBe(true);
            return;
          }
          const forecast = model.forecast(horizon, [80, 95]);
          expect(forecast.mean).toHaveLength(horizon);
          const [inner, outer] = forecast.intervals;
          forecast.mean.forEach((mean, h) => {
            expect(Number.isFinite(mean)).toBe(true);
            expect(inner?.lower[h]).toBeLessThanOrEqual(mean);
            expect(inner?.upper[h]).toBeGreaterThanOrEqual(mean);
            expect(outer?.lower[h]).toBeLessThanOrEqual(inner?.lower[h] ?? Number.NaN);
            expect(outer?.upper[h]).toBeGreaterThanOrEqual(inner?.upper[h] ?? Number.NaN);
          });
        },
      ),
      { numRuns: 40, seed: 20_240_602 },
    );
  });
});
