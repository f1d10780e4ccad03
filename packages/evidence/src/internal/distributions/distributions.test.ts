import { describe, expect, it } from 'vitest';
import { readGrangerFixture } from '../../__fixtures__/evidence-fixtures.js';
import { chiSquareSurvival } from './chi-square-distribution.js';
import { fSurvival } from './f-distribution.js';
import { normalCdf, normalQuantile, normalSurvival } from './normal-distribution.js';
import { studentTTwoSided } from './student-t-distribution.js';

const references = [...readGrangerFixture('levels').pairwise, ...readGrangerFixture('diff').pairwise];

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}

describe('distribution tails against scipy 1.10 (fixture p-values from the fixture statistics)', () => {
  it('gives F survival probabilities within 1e-10 relative, down to 1e-138', () => {
    let worst = 0;
    for (const reference of references) {
      const p = fSurvival(reference.ssr_F, reference.df_num, reference.df_denom);
      worst = Math.max(worst, relativeError(p, reference.ssr_F_p));
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it('gives chi-square survival probabilities within 1e-10 relative for the ssr chi² and LR statistics', () => {
    let worst = 0;
    for (const reference of references) {
      worst = Math.max(
        worst,
        relativeError(chiSquareSurvival(reference.ssr_chi2, reference.lag), reference.ssr_chi2_p),
      );
      worst = Math.max(worst, relativeError(chiSquareSurvival(reference.lr, reference.lag), reference.lr_p));
    }
    expect(worst).toBeLessThan(1e-10);
  });
});

describe('normal and t distributions', () => {
  it('matches textbook normal values', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 15);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 15);
    expect(relativeError(normalSurvival(10), 7.619853024160527e-24)).toBeLessThan(1e-12);
    expect(relativeError(normalQuantile(1e-20), -9.26234008979841)).toBeLessThan(1e-13);
  });

  it('gives the two-sided t p-value of t = 2.228 with 10 df as 0.05', () => {
    expect(studentTTwoSided(2.228138851986523, 10)).toBeCloseTo(0.05, 13);
    expect(studentTTwoSided(0, 10)).toBe(1);
  });
});
