import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadReferenceFixtures, type ReferenceFit, type ReferenceModel } from './__fixtures__/r-arima.js';
import { type ArimaOptions, fitArima } from './fit-arima.js';

const reference = loadReferenceFixtures();

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-8);
}

function maxRelativeError(actual: readonly number[], expected: readonly number[]): number {
  expect(actual).toHaveLength(expected.length);
  return Math.max(...actual.map((value, index) => relativeError(value, expected[index] ?? Number.NaN)));
}

function optionsFor(model: ReferenceModel): ArimaOptions {
  const series = reference.series[model.series];
  return {
    order: model.order,
    seasonalOrder: model.seasonalOrder,
    seasonPeriod: series?.period ?? 1,
    includeDrift: model.includeDrift,
    ...(model.xreg === null
      ? {}
      : {
          xreg: model.xreg,
          xregNames: (model.estimated.coefficientNames ?? []).slice(-(model.xreg[0]?.length ?? 0)),
        }),
    ...(model.futureXreg === null ? {} : { futureXreg: model.futureXreg }),
  };
}

function valuesOf(model: ReferenceModel): readonly number[] {
  const series = reference.series[model.series];
  if (series === undefined) throw new Error(`fixture series ${model.series} is missing`);
  return series.values;
}

function expectForecastsMatch(
  forecast: ReturnType<ReturnType<typeof fitArima>['forecast']>,
  expected: ReferenceFit,
  tolerance: number,
): void {
  const [interval80, interval95] = forecast.intervals;
  expect(maxRelativeError(forecast.mean, expected.mean)).toBeLessThan(tolerance);
  expect(maxRelativeError(interval80?.lower ?? [], expected.lower80)).toBeLessThan(tolerance);
  expect(maxRelativeError(interval80?.upper ?? [], expected.upper80)).toBeLessThan(tolerance);
  expect(maxRelativeError(interval95?.lower ?? [], expected.lower95)).toBeLessThan(tolerance);
  expect(maxRelativeError(interval95?.upper ?? [], expected.upper95)).toBeLessThan(tolerance);
}

describe('fitArima against R forecast::Arima', () => {
  it('records the R and forecast versions of the fixtures', () => {
    expect(reference.rVersion).toMatch(/^R version 4\./);
    expect(reference.forecastVersion).toBe('8.20');
    expect(reference.models.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(reference.models.map((model) => [model.id, model] as const))('%s', (_id, model) => {
    it('reproduces the log-likelihood, sigma2, criteria, residuals and forecasts with coefficients fixed at R values', () => {
      const fitted = fitArima(valuesOf(model), { ...optionsFor(model), fixed: model.fixed.coefficients });
      expect(Object.keys(fitted.coefficients)).toEqual(model.fixed.coefficientNames ?? []);
      expect(
        relativeError(fitted.informationCriteria?.logLikelihood ?? Number.NaN, model.fixed.loglik),
      ).toBeLessThan(1e-6);
      expect(relativeError(fitted.informationCriteria?.aicc ?? Number.NaN, model.fixed.aicc)).toBeLessThan(
        1e-6,
      );
      expect(relativeError(fitted.sigma2, model.fixed.sigma2)).toBeLessThan(1e-6);
      const scale = Math.max(...model.fixed.residuals.map(Math.abs));
      fitted.residuals.forEach((residual, index) => {
        expect(Math.abs((residual ?? Number.NaN) - (model.fixed.residuals[index] ?? 0))).toBeLessThan(
          1e-6 * scale,
        );
      });
      expectForecastsMatch(fitted.forecast(reference.horizon, [80, 95]), model.fixed, 1e-6);
    });

    it('estimates coefficients within 1e-3 of R and a log-likelihood at least as high (to 1e-4)', () => {
      const fitted = fitArima(valuesOf(model), optionsFor(model));
      const estimates = Object.values(fitted.coefficients);
      model.estimated.coefficients.forEach((expected, index) => {
        const tolerance = 1e-3 * Math.max(1, Math.abs(expected));
        expect(Math.abs((estimates[index] ?? Number.NaN) - expected)).toBeLessThan(tolerance);
      });
      const logLikelihood = fitted.informationCriteria?.logLikelihood ?? Number.NaN;
      expect(logLikelihood).toBeGreaterThanOrEqual(model.estimated.loglik - 1e-4);
      expect(relativeError(fitted.informationCriteria?.bic ?? Number.NaN, model.estimated.bic)).toBeLessThan(
        1e-5,
      );
      expectForecastsMatch(fitted.forecast(reference.horizon, [80, 95]), model.estimated, 1e-4);
    });
  });
});

describe('fitArima forecasts with regressors', () => {
  const lakeHuron = reference.models.find((model) => model.id === 'LakeHuron-ar2-trend');
  if (lakeHuron === undefined) throw new Error('fixture LakeHuron-ar2-trend is missing');
  const { futureXreg: _unused, ...withoutFuture } = optionsFor(lakeHuron);

  it('takes future regressor rows passed to forecast', () => {
    const fitted = fitArima(valuesOf(lakeHuron), withoutFuture);
    const forecast = fitted.forecast(12, [95], { xreg: lakeHuron.futureXreg ?? [] });
    expect(maxRelativeError(forecast.mean, lakeHuron.estimated.mean)).toBeLessThan(1e-4);
  });

  it('rejects a forecast without future regressor values', () => {
    const fitted = fitArima(valuesOf(lakeHuron), withoutFuture);
    expect(() => fitted.forecast(3, [95])).toThrowError(/regressor/);
  });
});

describe('fitArima input errors', () => {
  it('rejects non-finite history values with invalid_input', () => {
    try {
      fitArima([1, 2, Number.NaN, 4, 5, 6], { order: [1, 0, 0] });
      expect.unreachable();
    } catch (error) {
      expect(DyocenseError.isInstance(error) && error.code).toBe('invalid_input');
    }
  });

  it('rejects a history too short for the model with insufficient_data', () => {
    try {
      fitArima([1, 2, 3, 4], { order: [2, 1, 1] });
      expect.unreachable();
    } catch (error) {
      expect(DyocenseError.isInstance(error) && error.code).toBe('insufficient_data');
    }
  });

  it('rejects a seasonal order without a season period', () => {
    expect(() =>
      fitArima([1, 2, 3, 4, 5, 6, 7, 8], { order: [0, 0, 0], seasonalOrder: [1, 0, 0] }),
    ).toThrowError(/seasonPeriod/);
  });
});

describe('fitArima properties', () => {
  it('returns a model with finite, nested intervals or a DyocenseError for any finite input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 60 }),
        fc.tuple(
          fc.integer({ min: 0, max: 2 }),
          fc.integer({ min: 0, max: 2 }),
          fc.integer({ min: 0, max: 2 }),
        ),
        fc.boolean(),
        fc.integer({ min: 1, max: 24 }),
        (values, order, includeDrift, horizon) => {
          let model: ReturnType<typeof fitArima>;
          try {
            model = fitArima(values, { order, includeDrift });
          } catch (error) {
            expect(DyocenseError.isInstance(error)).toBe(true);
            return;
          }
          expect(model.fitted).toHaveLength(values.length);
          expect(
            [...model.fitted, ...model.residuals].every((value) => value === null || Number.isFinite(value)),
          ).toBe(true);
          const forecast = model.forecast(horizon, [50, 80, 95]);
          expect(forecast.mean).toHaveLength(horizon);
          const [inner, middle, outer] = forecast.intervals;
          forecast.mean.forEach((mean, h) => {
            expect(Number.isFinite(mean)).toBe(true);
            for (const interval of [inner, middle, outer]) {
              expect(interval?.lower[h]).toBeLessThanOrEqual(mean);
              expect(interval?.upper[h]).toBeGreaterThanOrEqual(mean);
            }
            expect(outer?.lower[h]).toBeLessThanOrEqual(middle?.lower[h] ?? Number.NaN);
            expect(middle?.lower[h]).toBeLessThanOrEqual(inner?.lower[h] ?? Number.NaN);
            expect(outer?.upper[h]).toBeGreaterThanOrEqual(middle?.upper[h] ?? Number.NaN);
            expect(middle?.upper[h]).toBeGreaterThanOrEqual(inner?.upper[h] ?? Number.NaN);
          });
        },
      ),
      { numRuns: 60, seed: 20_240_601 },
    );
  });
});
