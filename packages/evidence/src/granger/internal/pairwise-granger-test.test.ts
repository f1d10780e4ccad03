import { describe, expect, it } from 'vitest';
import {
  difference,
  readDaily,
  readGrangerFixture,
  readRReference,
} from '../../__fixtures__/evidence-fixtures.js';
import { fitRestricted, testCause } from './pairwise-granger-test.js';

const daily = readDaily();

function seriesFor(name: string, transform: 'levels' | 'diff'): Float64Array {
  const values = daily.series[name] as number[];
  return Float64Array.from(transform === 'levels' ? values : difference(values));
}

function relative(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

describe.each(['levels', 'diff'] as const)(
  'pairwise Granger on %s against statsmodels 0.13.5',
  (transform) => {
    const fixture = readGrangerFixture(transform);

    it('reproduces every ssr F, chi², LR and params F test of the 392 pair-lags with p within 1e-8', () => {
      let worstP = 0;
      let worstF = 0;
      for (const reference of fixture.pairwise) {
        const restricted = fitRestricted(seriesFor(reference.effect, transform), reference.lag);
        if (!('qr' in restricted)) throw new Error(restricted.reason);
        const result = testCause(restricted, seriesFor(reference.cause, transform));
        if (!result.testable) throw new Error(result.reason);
        expect(result.observations).toBe(reference.nobs);
        expect(result.dfNumerator).toBe(reference.df_num);
        expect(result.dfDenominator).toBe(reference.df_denom);
        worstF = Math.max(
          worstF,
          relative(result.fStatistic, reference.ssr_F),
          relative(result.chiSquare.statistic, reference.ssr_chi2),
          relative(result.likelihoodRatio.statistic, reference.lr),
          relative(result.parameterF.statistic, reference.params_F),
          relative(result.ssrRestricted, reference.ssr_restricted),
          relative(result.ssrUnrestricted, reference.ssr_unrestricted),
        );
        worstP = Math.max(
          worstP,
          Math.abs(result.pValue - reference.ssr_F_p),
          Math.abs(result.chiSquare.pValue - reference.ssr_chi2_p),
          Math.abs(result.likelihoodRatio.pValue - reference.lr_p),
          Math.abs(result.parameterF.pValue - reference.params_F_p),
        );
        reference.cause_coefs.forEach((coefficient, index) => {
          expect(result.causeCoefficients[index]).toBeCloseTo(coefficient, 8);
        });
      }
      expect(worstF).toBeLessThan(1e-6);
      expect(worstP).toBeLessThan(1e-8);
    });

    it('agrees with R lmtest::grangertest on F (1e-6 relative) and p (1e-8)', () => {
      for (const reference of readRReference(transform)) {
        const restricted = fitRestricted(seriesFor(reference.effect, transform), reference.lag);
        if (!('qr' in restricted)) throw new Error(restricted.reason);
        const result = testCause(restricted, seriesFor(reference.cause, transform));
        if (!result.testable) throw new Error(result.reason);
        expect(relative(result.fStatistic, reference.F)).toBeLessThan(1e-6);
        expect(Math.abs(result.pValue - reference.p)).toBeLessThan(1e-8);
        expect(result.dfDenominator).toBe(reference.dfDenominator);
      }
    });
  },
);

describe('untestable pairs', () => {
  it('reports a constant cause as not testable instead of returning NaN', () => {
    const effect = Float64Array.from({ length: 50 }, (_, index) => Math.sin(index) + index * 0.01);
    const restricted = fitRestricted(effect, 2);
    if (!('qr' in restricted)) throw new Error('restricted model failed');
    const result = testCause(restricted, new Float64Array(50).fill(3));
    expect(result.testable).toBe(false);
  });

  it('reports a constant effect as not testable', () => {
    expect(fitRestricted(new Float64Array(40).fill(2), 1)).toMatchObject({ testable: false });
  });
});
