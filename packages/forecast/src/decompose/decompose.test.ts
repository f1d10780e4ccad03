import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { autocorrelation } from './autocorrelation.js';
import { decomposeClassical } from './decompose-classical.js';
import { testSeasonality } from './test-seasonality.js';
import { toSeasonallyAdjusted } from './to-seasonally-adjusted.js';

interface DecomposeCase {
  name: string;
  period: number;
  values: number[];
  acf: number[];
  naive2: { seasonal: boolean };
  decomposeMultiplicative?: number[];
  decomposeAdditive?: number[];
  decomposeAdditiveTrend?: (number | null)[];
}

// Fixture: bench/reference/theta-fixtures.R (R 4.2.2, stats::acf and stats::decompose).
const fixture = JSON.parse(
  readFileSync(new URL('../naive/__fixtures__/r-naive.json', import.meta.url), 'utf8'),
) as { cases: DecomposeCase[] };
const seasonalCases = fixture.cases.filter((testCase) => testCase.period > 1);

function maxDifference(actual: readonly (number | null)[], expected: readonly (number | null)[]): number {
  expect(actual).toHaveLength(expected.length);
  return Math.max(
    0,
    ...expected.map((value, index) => {
      const mine = actual[index] ?? null;
      if (value === null || mine === null) {
        expect(mine).toBe(value);
        return 0;
      }
      return Math.abs(mine - value) / Math.max(1, Math.abs(value));
    }),
  );
}

describe('autocorrelation and seasonality test against R', () => {
  it.each(fixture.cases)('matches acf() on $name to 1e-12', (testCase) => {
    expect(maxDifference(autocorrelation(testCase.values, testCase.acf.length), testCase.acf)).toBeLessThan(
      1e-12,
    );
  });

  it.each(fixture.cases)('agrees with the M4 benchmark test on $name', (testCase) => {
    expect(testSeasonality(testCase.values, testCase.period, 'm4').seasonal).toBe(testCase.naive2.seasonal);
  });

  it('declares white noise with a planted yearly pattern seasonal and the same noise without it not', () => {
    let state = 7;
    const noise = Array.from({ length: 96 }, () => {
      state = (state * 16807) % 2147483647;
      return state / 2147483647 - 0.5;
    });
    expect(testSeasonality(noise, 12).seasonal).toBe(false);
    const seasonal = noise.map((value, index) => value + 2 * Math.cos((2 * Math.PI * index) / 12));
    expect(testSeasonality(seasonal, 12).seasonal).toBe(true);
  });

  it('does not run on fewer than three seasons under the M4 rule and says so', () => {
    const result = testSeasonality([1, 2, 3, 4, 5, 6, 7, 8], 4, 'm4');
    expect(result).toMatchObject({ seasonal: false, reason: '8 observations; the test needs at least 12' });
  });
});

describe('decomposeClassical against R decompose()', () => {
  it.each(seasonalCases)('matches the multiplicative indices of $name to 1e-12', (testCase) => {
    const result = decomposeClassical(testCase.values, testCase.period, 'multiplicative');
    expect(maxDifference(result.indices, testCase.decomposeMultiplicative ?? [])).toBeLessThan(1e-12);
  });

  it.each(seasonalCases)('matches the additive indices and trend of $name to 1e-12', (testCase) => {
    const result = decomposeClassical(testCase.values, testCase.period, 'additive');
    expect(maxDifference(result.indices, testCase.decomposeAdditive ?? [])).toBeLessThan(1e-12);
    expect(maxDifference(result.trend, testCase.decomposeAdditiveTrend ?? [])).toBeLessThan(1e-12);
  });

  it('normalises multiplicative indices to mean 1 and additive ones to sum 0', () => {
    const values = Array.from({ length: 35 }, (_, index) => 50 + index + 10 * Math.sin(index));
    const multiplicative = decomposeClassical(values, 7, 'multiplicative').indices;
    const additive = decomposeClassical(values, 7, 'additive').indices;
    expect(multiplicative.reduce((sum, value) => sum + value, 0) / 7).toBeCloseTo(1, 12);
    expect(additive.reduce((sum, value) => sum + value, 0)).toBeCloseTo(0, 12);
  });

  it('rejects a multiplicative decomposition of a series with a negative value', () => {
    const values = Array.from({ length: 24 }, (_, index) => (index % 5) - 1);
    expect(() => decomposeClassical(values, 4, 'multiplicative')).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('decomposes a series with zeros multiplicatively, as R does, unless its moving average is zero', () => {
    const values = Array.from({ length: 24 }, (_, index) => index % 5);
    const { indices } = decomposeClassical(values, 4, 'multiplicative');
    expect(indices.reduce((total, index) => total + index, 0) / 4).toBeCloseTo(1, 12);
    const flat = Array.from({ length: 24 }, (_, index) => (index >= 8 && index < 13 ? 0 : 1 + (index % 4)));
    expect(() => decomposeClassical(flat, 4, 'multiplicative')).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('rejects fewer than two full periods with insufficient_data', () => {
    expect(() => decomposeClassical([1, 2, 3, 4, 5], 4)).toThrow(
      expect.objectContaining({ code: 'insufficient_data' }),
    );
  });
});

describe('toSeasonallyAdjusted', () => {
  it('divides by the indices and projects the next season’s factors', () => {
    const pattern = [1.2, 0.8, 1.1, 0.9];
    const values = Array.from({ length: 40 }, (_, index) => (100 + index) * (pattern[index % 4] as number));
    const adjustment = toSeasonallyAdjusted(values, 4);
    expect(adjustment.seasonal).toBe(true);
    adjustment.adjusted.forEach((value, index) => {
      expect(value * (adjustment.factors[index] as number)).toBeCloseTo(values[index] as number, 9);
    });
    expect(adjustment.forecastFactors(5)).toEqual([...adjustment.indices, adjustment.indices[0]]);
  });
});
