import { describe, expect, it } from 'vitest';
import { loadRMstlFixture } from './__fixtures__/r-mstl-fixture.js';
import { decomposeMstl } from './decompose-mstl.js';
import { seasonalStrength } from './seasonal-strength.js';

const fixture = loadRMstlFixture();

function maxAbsoluteDifference(actual: readonly number[], expected: readonly number[]): number {
  expect(actual).toHaveLength(expected.length);
  return actual.reduce(
    (worst, value, index) => Math.max(worst, Math.abs(value - (expected[index] as number))),
    0,
  );
}

describe('decomposeMstl against R forecast::mstl', () => {
  for (const reference of fixture.decompositions) {
    it(`matches mstl on ${reference.name} to 1e-8 relative to the data scale`, () => {
      const result = decomposeMstl(reference.values, {
        seasonPeriods: reference.seasonPeriods,
        ...(reference.lambda === null ? {} : { lambda: reference.lambda }),
      });
      const scale = Math.max(1, ...reference.decomposition.trend.map(Math.abs));
      expect(result.seasonal.map((component) => component.period)).toEqual(reference.seasonPeriods);
      expect(maxAbsoluteDifference(result.trend, reference.decomposition.trend)).toBeLessThan(1e-8 * scale);
      expect(maxAbsoluteDifference(result.remainder, reference.decomposition.remainder)).toBeLessThan(
        1e-8 * scale,
      );
      result.seasonal.forEach((component, index) => {
        const expected = reference.decomposition.seasonal[index]?.values ?? [];
        expect(maxAbsoluteDifference(component.values, expected)).toBeLessThan(1e-8 * scale);
      });
    });
  }
});

describe('decomposeMstl', () => {
  const hourly = Array.from(
    { length: 24 * 7 * 4 },
    (_, hour) => 50 + 10 * Math.sin((2 * Math.PI * hour) / 24) + 5 * Math.cos((2 * Math.PI * hour) / 168),
  );

  it('sorts the periods and returns components that add up to the series', () => {
    const result = decomposeMstl(hourly, { seasonPeriods: [168, 24] });
    expect(result.seasonal.map((component) => component.period)).toEqual([24, 168]);
    hourly.forEach((value, index) => {
      const total =
        (result.trend[index] as number) +
        (result.remainder[index] as number) +
        result.seasonal.reduce((sum, component) => sum + (component.values[index] as number), 0);
      expect(total).toBeCloseTo(value, 9);
    });
  });

  it('drops a period without more than two cycles and reports it', () => {
    const result = decomposeMstl(hourly.slice(0, 300), { seasonPeriods: [24, 168] });
    expect(result.seasonal.map((component) => component.period)).toEqual([24]);
    expect(result.droppedPeriods).toEqual([168]);
  });

  it('throws insufficient_data when no period has more than two cycles', () => {
    expect(() => decomposeMstl(hourly.slice(0, 40), { seasonPeriods: [24] })).toThrow(
      expect.objectContaining({ code: 'insufficient_data' }),
    );
  });

  it('rejects a Box-Cox transform of non-positive values with invalid_input', () => {
    const withZero = hourly.slice();
    withZero[3] = 0;
    expect(() => decomposeMstl(withZero, { seasonPeriods: [24], lambda: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('chooses a Box-Cox lambda automatically when asked', () => {
    const result = decomposeMstl(hourly, { seasonPeriods: [24, 168], lambda: 'auto' });
    expect(result.lambda).toBeGreaterThanOrEqual(-1);
    expect(result.lambda).toBeLessThanOrEqual(2);
  });
});

describe('seasonalStrength against R forecast:::seas.heuristic', () => {
  for (const reference of fixture.seasonalStrength) {
    it(`matches the seasonal strength of ${reference.name} to 1e-10`, () => {
      const result = seasonalStrength(reference.values, reference.seasonPeriods);
      expect(result.map((entry) => entry.period)).toEqual(reference.seasonPeriods);
      expect(
        maxAbsoluteDifference(
          result.map((entry) => entry.strength),
          reference.strength,
        ),
      ).toBeLessThan(1e-10);
    });
  }
});
