import { describe, expect, it } from 'vitest';
import { readDaily, readGrangerFixture } from '../__fixtures__/evidence-fixtures.js';
import { correlate } from './correlate.js';

const daily = readDaily();

describe.each([
  ['levels', 'none'],
  ['diff', 'diff'],
] as const)('correlate on %s against scipy 1.10 pearsonr/spearmanr', (fixtureName, transform) => {
  const fixture = readGrangerFixture(fixtureName);
  const result = correlate({ series: daily.series, transform });

  it('reproduces r and rho within 1e-12, p within 1e-10 and the Fisher interval within 1e-12', () => {
    expect(fixture.correlations.length).toBeGreaterThan(0);
    for (const reference of fixture.correlations) {
      const pair = result.pairs.find((entry) => entry.a === reference.a && entry.b === reference.b);
      if (pair === undefined) throw new Error(`missing ${reference.a}, ${reference.b}`);
      expect(pair.observations).toBe(reference.n);
      expect(Math.abs(pair.pearson.r - reference.pearson_r)).toBeLessThan(1e-12);
      expect(Math.abs(pair.pearson.pValue - reference.pearson_p)).toBeLessThan(1e-10);
      expect(Math.abs(pair.pearson.interval[0] - reference.pearson_ci95[0])).toBeLessThan(1e-12);
      expect(Math.abs(pair.pearson.interval[1] - reference.pearson_ci95[1])).toBeLessThan(1e-12);
      expect(Math.abs(pair.spearman.rho - reference.spearman_rho)).toBeLessThan(1e-12);
      expect(Math.abs(pair.spearman.pValue - reference.spearman_p)).toBeLessThan(1e-10);
    }
  });
});

describe('the unrelated random walk', () => {
  it('is flagged as trend-driven with traffic among all 28 pairs: significant on levels, not after differencing', () => {
    const result = correlate({ series: daily.series });
    const pair = result.pairs.find((entry) => entry.a === 'traffic' && entry.b === 'followers');
    expect(pair?.pearson.pValue).toBeLessThan(0.05);
    expect(pair?.levels?.adjustedPValue).toBeLessThan(1e-30);
    expect(pair?.significant).toBe(false);
    expect(pair?.trendDriven).toBe(true);
  });
});
