import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { fitSeasonalNaive } from '../naive/fit-seasonal-naive.js';
import { autoCes } from './auto-ces.js';
import { fitCes } from './fit-ces.js';
import { simulateCes } from './simulate-ces.test-support.js';

const season = Array.from({ length: 12 }, (_, index) => 10 * Math.sin((2 * Math.PI * index) / 12));

/** A CES(n) path after a burn-in, so the fit does not see the start-up transient. */
function nonSeasonal(length: number, seed: number, parameters: readonly number[] = [1.5, 0.97]): number[] {
  return simulateCes({
    seasonality: 'none',
    period: 1,
    parameters,
    initial: [[0], [0]],
    sigma: 1,
    length: length + 200,
    seed,
  }).slice(200);
}

function fullSeasonal(length: number, seed: number): number[] {
  return simulateCes({
    seasonality: 'full',
    period: 12,
    parameters: [1.5, 0.97, 1.3, 0.9],
    initial: [[0], [0], season, season.map((value) => value / 1.1)],
    sigma: 1,
    length: length + 200,
    seed,
  }).slice(200);
}

function meanAbsoluteError(actual: readonly number[], predicted: readonly number[]): number {
  return (
    actual.reduce((sum, value, index) => sum + Math.abs(value - (predicted[index] as number)), 0) /
    actual.length
  );
}

describe('fitCes', () => {
  it('recovers the parameters of a simulated non-seasonal CES (2000 observations)', () => {
    for (const seed of [1, 2, 3]) {
      const { parameters } = fitCes(nonSeasonal(2000, seed));
      expect(Math.abs((parameters.alpha0 as number) - 1.5)).toBeLessThan(0.05);
      expect(Math.abs((parameters.alpha1 as number) - 0.97)).toBeLessThan(0.02);
      expect(Math.abs((parameters.sigma as number) - 1)).toBeLessThan(0.05);
    }
  });

  it('recovers the parameters of a simulated full seasonal CES (2500 observations)', () => {
    for (const seed of [1, 2]) {
      const model = fitCes(fullSeasonal(2500, seed), { period: 12, seasonality: 'full' });
      expect(model.method).toBe('CES(f)');
      const { alpha0, alpha1, beta0, beta1, sigma } = model.parameters as Record<string, number>;
      expect(Math.abs((alpha0 as number) - 1.5)).toBeLessThan(0.05);
      expect(Math.abs((alpha1 as number) - 0.97)).toBeLessThan(0.02);
      expect(Math.abs((beta0 as number) - 1.3)).toBeLessThan(0.05);
      expect(Math.abs((beta1 as number) - 0.9)).toBeLessThan(0.03);
      expect(Math.abs((sigma as number) - 1)).toBeLessThan(0.05);
    }
  });

  it('covers 93–97% of future values with its analytic 95% intervals on series from the model', () => {
    let inside = 0;
    let total = 0;
    for (let seed = 1; seed <= 300; seed += 1) {
      const path = nonSeasonal(132, 1000 + seed);
      const model = fitCes(path.slice(0, 120));
      const interval = model.forecast(12, [95]).intervals[0];
      path.slice(120).forEach((value, step) => {
        if (value >= (interval?.lower[step] as number) && value <= (interval?.upper[step] as number))
          inside += 1;
        total += 1;
      });
    }
    const coverage = inside / total;
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });

  it('widens its intervals with the horizon and matches ψ-weights of the recursions', () => {
    const model = fitCes(nonSeasonal(200, 7));
    const sigma = model.parameters.sigma as number;
    const { mean, intervals } = model.forecast(3, [95]);
    const upper = intervals[0]?.upper as number[];
    // One step ahead the variance is σ²: the half-width is 1.96σ.
    expect((upper[0] as number) - (mean[0] as number)).toBeCloseTo(1.959964 * sigma, 5);
    // Two steps ahead ψ_1 = w′g = α0 − α1 (the level's response to a unit error).
    const psi = (model.parameters.alpha0 as number) - (model.parameters.alpha1 as number);
    expect((upper[1] as number) - (mean[1] as number)).toBeCloseTo(
      1.959964 * sigma * Math.sqrt(1 + psi * psi),
      5,
    );
  });

  it('returns horizon-long, nested, finite and deterministic forecasts for every variant', () => {
    const values = fullSeasonal(60, 11).map((value) => value + 50);
    for (const seasonality of ['none', 'simple', 'partial', 'full'] as const) {
      const first = fitCes(values, { period: 12, seasonality });
      const second = fitCes(values, { period: 12, seasonality });
      const forecast = first.forecast(15, [50, 80, 95]);
      expect(second.forecast(15, [50, 80, 95])).toEqual(forecast);
      expect(forecast.mean).toHaveLength(15);
      expect(first.fitted).toHaveLength(values.length);
      expect(first.residuals).toHaveLength(values.length);
      const [narrow, middle, wide] = forecast.intervals;
      forecast.mean.forEach((value, step) => {
        expect(Number.isFinite(value)).toBe(true);
        expect(narrow?.lower[step]).toBeLessThanOrEqual(value);
        expect(narrow?.upper[step]).toBeGreaterThanOrEqual(value);
        expect(middle?.lower[step]).toBeLessThanOrEqual(narrow?.lower[step] as number);
        expect(middle?.upper[step]).toBeGreaterThanOrEqual(narrow?.upper[step] as number);
        expect(wide?.lower[step]).toBeLessThanOrEqual(middle?.lower[step] as number);
        expect(wide?.upper[step]).toBeGreaterThanOrEqual(middle?.upper[step] as number);
        expect(Number.isFinite(wide?.lower[step])).toBe(true);
        expect(Number.isFinite(wide?.upper[step])).toBe(true);
      });
      for (const value of Object.values(first.parameters)) expect(Number.isFinite(value)).toBe(true);
      expect(Number.isFinite(first.informationCriteria.aicc)).toBe(true);
    }
  });

  it('fits a constant series without NaN', () => {
    const model = autoCes(new Array<number>(30).fill(5), { period: 12 });
    const { mean, intervals } = model.forecast(4, [95]);
    for (const value of [...mean, ...(intervals[0]?.lower ?? []), ...(intervals[0]?.upper ?? [])]) {
      expect(value).toBeCloseTo(5, 3);
    }
  });

  it('rejects bad input with typed errors', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return DyocenseError.isInstance(error) ? error.code : 'untyped';
      }
      return 'none';
    };
    expect(codeOf(() => fitCes([1, 2, 3, 4, 5, 6, 7]))).toBe('insufficient_data');
    expect(codeOf(() => fitCes(new Array<number>(20).fill(1), { period: 12, seasonality: 'full' }))).toBe(
      'insufficient_data',
    );
    expect(codeOf(() => fitCes([1, 2, 3, Number.NaN, 5, 6, 7, 8, 9]))).toBe('invalid_input');
    expect(codeOf(() => fitCes([1, 2, 3, Number.POSITIVE_INFINITY, 5, 6, 7, 8, 9]))).toBe('invalid_input');
    expect(codeOf(() => fitCes(nonSeasonal(30, 1), { period: 1.5 }))).toBe('invalid_input');
    expect(codeOf(() => fitCes(nonSeasonal(30, 1), { period: 0 }))).toBe('invalid_input');
    expect(codeOf(() => fitCes(nonSeasonal(30, 1), { period: 1, seasonality: 'simple' }))).toBe(
      'invalid_input',
    );
    expect(codeOf(() => autoCes(nonSeasonal(30, 1), { period: -12 }))).toBe('invalid_input');
    expect(codeOf(() => autoCes([1, 2, 3]))).toBe('insufficient_data');
    expect(codeOf(() => fitCes(nonSeasonal(30, 1)).forecast(0, [95]))).toBe('invalid_input');
    expect(codeOf(() => fitCes(nonSeasonal(30, 1)).forecast(3, [100]))).toBe('invalid_input');
  });

  it('reproduces a fit exactly from its own parameters, and refuses missing or unstable ones', () => {
    const values = fullSeasonal(300, 4);
    const fitted = fitCes(values, { period: 12, seasonality: 'full' });
    const again = fitCes(values, { period: 12, seasonality: 'full', parameters: fitted.parameters });
    expect(again.parameters).toEqual(fitted.parameters);
    expect(again.forecast(12, [95])).toEqual(fitted.forecast(12, [95]));
    // A prefix (a rolling-origin window of auto) keeps the parameters and backcasts its own states.
    const prefix = fitCes(values.slice(0, 200), {
      period: 12,
      seasonality: 'full',
      parameters: fitted.parameters,
    });
    expect(prefix.parameters.beta1).toBe(fitted.parameters.beta1);
    expect(prefix.fitted).not.toEqual(fitted.fitted.slice(0, 200));
    const codeOf = (parameters: Record<string, number>) => {
      try {
        fitCes(values, { period: 12, seasonality: 'full', parameters });
      } catch (error) {
        return DyocenseError.isInstance(error) ? error.code : 'untyped';
      }
      return 'none';
    };
    expect(codeOf({ alpha0: 1.5, alpha1: 0.97, beta0: 1.3 })).toBe('invalid_input');
    // alpha1 = 3 puts the discount matrix's eigenvalues outside the unit circle.
    expect(codeOf({ alpha0: 1.5, alpha1: 3, beta0: 1.3, beta1: 0.9 })).toBe('invalid_input');
    expect(codeOf({ alpha0: Number.NaN, alpha1: 0.97, beta0: 1.3, beta1: 0.9 })).toBe('invalid_input');
  });

  it('matches or beats seasonal naive on a deterministic seasonal series with noise', () => {
    const values = Array.from(
      { length: 144 },
      (_, index) =>
        200 + 0.3 * index + 25 * Math.sin((2 * Math.PI * index) / 12) + 6 * Math.sin(index * 1.7 + 0.3),
    );
    const train = values.slice(0, 120);
    const test = values.slice(120);
    const ces = autoCes(train, { period: 12 }).forecast(24, []).mean;
    const snaive = fitSeasonalNaive(train, 12).forecast(24, []).mean;
    expect(meanAbsoluteError(test, ces)).toBeLessThanOrEqual(meanAbsoluteError(test, snaive));
  });
});

describe('autoCes', () => {
  it('picks the non-seasonal model on non-seasonal data and the full model on full seasonal data', () => {
    for (const seed of [1, 2, 3]) {
      expect(autoCes(nonSeasonal(600, 40 + seed), { period: 12 }).method).toBe('CES(n)');
      expect(autoCes(fullSeasonal(600, 40 + seed), { period: 12 }).method).toBe('CES(f)');
    }
  });

  it('reports every candidate it tried, and only the non-seasonal one without a season', () => {
    const values = fullSeasonal(60, 3);
    expect(autoCes(values, { period: 12 }).candidates.map((candidate) => candidate.method)).toEqual([
      'CES(n)',
      'CES(s)',
      'CES(p)',
      'CES(f)',
    ]);
    expect(autoCes(values).candidates.map((candidate) => candidate.method)).toEqual(['CES(n)']);
    // Fewer than two seasons: seasonal variants are not tried.
    expect(autoCes(values.slice(0, 20), { period: 12 }).candidates).toHaveLength(1);
  });
});
