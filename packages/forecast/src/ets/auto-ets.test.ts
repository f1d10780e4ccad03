import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { loadREtsFixture } from './__fixtures__/r-ets-fixture.js';
import { autoEts } from './auto-ets.js';

const fixture = loadREtsFixture();

describe('autoEts against R forecast 8.20 ets(y)', () => {
  it.each(fixture.series.map((series) => ({ ...series, label: series.name })))(
    '$label selects the same model as R with an AICc no worse than R',
    (series) => {
      const model = autoEts(series.y, { seasonPeriod: series.seasonPeriod });
      expect(model.method).toBe(series.auto.method);
      expect(model.informationCriteria?.aicc ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(
        series.auto.aicc + 1e-6 * Math.abs(series.auto.aicc),
      );
    },
  );
});

describe('autoEts candidates', () => {
  const nile = fixture.series.find((series) => series.name === 'Nile')?.y ?? [];
  const gas = fixture.series.find((series) => series.name === 'UKgas')?.y ?? [];

  it('considers the 15 combinations R considers for positive seasonal data', () => {
    const model = autoEts(gas, { seasonPeriod: 4 });
    expect(model.candidates.map((candidate) => candidate.method)).toEqual([
      'ETS(A,N,N)',
      'ETS(A,N,A)',
      'ETS(A,A,N)',
      'ETS(A,A,A)',
      'ETS(A,Ad,N)',
      'ETS(A,Ad,A)',
      'ETS(M,N,N)',
      'ETS(M,N,A)',
      'ETS(M,N,M)',
      'ETS(M,A,N)',
      'ETS(M,A,A)',
      'ETS(M,A,M)',
      'ETS(M,Ad,N)',
      'ETS(M,Ad,A)',
      'ETS(M,Ad,M)',
    ]);
  });

  it('only fits additive models when multiplicative ones are disallowed', () => {
    const model = autoEts(gas, { seasonPeriod: 4, allowMultiplicative: false });
    expect(
      model.candidates.every(
        (candidate) => candidate.method.startsWith('ETS(A,') && !candidate.method.endsWith('M)'),
      ),
    ).toBe(true);
  });

  it('only fits damped trends when damped is true', () => {
    const model = autoEts(nile, { seasonPeriod: 1, damped: true });
    expect(model.candidates.map((candidate) => candidate.method)).toEqual([
      'ETS(A,N,N)',
      'ETS(A,Ad,N)',
      'ETS(M,N,N)',
      'ETS(M,Ad,N)',
    ]);
  });

  it('drops multiplicative models for data with negative values', () => {
    const shifted = nile.map((value) => value - 1000);
    const model = autoEts(shifted, { seasonPeriod: 1 });
    expect(model.candidates.some((candidate) => candidate.method.startsWith('ETS(M'))).toBe(false);
  });

  it('treats a constant series as simple exponential smoothing with a flat forecast', () => {
    const model = autoEts(
      Array.from({ length: 30 }, () => 5),
      { seasonPeriod: 12 },
    );
    const forecast = model.forecast(3, [80, 95]);
    expect(model.method).toBe('ETS(A,N,N)');
    expect(forecast.mean).toEqual([5, 5, 5]);
    expect(forecast.intervals[1]?.lower).toEqual([5, 5, 5]);
  });

  it('reports insufficient data below seven observations', () => {
    let code: string | undefined;
    try {
      autoEts([1, 2, 3, 4, 5, 6], { seasonPeriod: 1 });
    } catch (error) {
      code = DyocenseError.isInstance(error) ? error.code : undefined;
    }
    expect(code).toBe('insufficient_data');
  });
});
