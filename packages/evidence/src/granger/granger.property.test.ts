import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correlate } from '../correlation/correlate.js';
import { adjustPValues } from '../multiple-testing/adjust-p-values.js';
import { adfTest } from '../stationarity/adf-test.js';
import { selectVarOrder } from '../var/select-var-order.js';
import { grangerCausality } from './granger-causality.js';

const value = fc.oneof(
  fc.double({ min: -1e4, max: 1e4, noNaN: true }),
  fc.integer({ min: -3, max: 3 }),
  fc.constant(Number.NaN),
);
const seriesPair = fc.integer({ min: 0, max: 40 }).chain((length) =>
  fc.record({
    a: fc.array(value, { minLength: length, maxLength: length }),
    b: fc.array(value, { minLength: length, maxLength: length }),
  }),
);

function expectProbability(p: number): void {
  expect(p >= 0 && p <= 1).toBe(true);
}

function typedOrRethrow(error: unknown): void {
  if (!DyocenseError.isInstance(error)) throw error;
}

describe('evidence entry points never crash or return NaN', () => {
  it('grangerCausality: p-values in [0, 1] or a DyocenseError', () => {
    fc.assert(
      fc.property(
        seriesPair,
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom('diff', 'none', 'auto'),
        (series, maxLag, transform) => {
          let result: ReturnType<typeof grangerCausality>;
          try {
            result = grangerCausality({ series, maxLag, transform });
          } catch (error) {
            typedOrRethrow(error);
            return;
          }
          for (const test of result.tests)
            if (test.testable)
              [test.pValue, test.chiSquare.pValue, test.likelihoodRatio.pValue].forEach(expectProbability);
          for (const pair of result.pairs) {
            [
              pair.pValue,
              pair.adjustedPValue,
              pair.minPValueOverLags,
              pair.adjustedMinPValueOverLags,
            ].forEach(expectProbability);
            expect(pair.adjustedPValue).toBeGreaterThanOrEqual(pair.pValue);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('correlate: coefficients in [−1, 1], p-values in [0, 1], or a DyocenseError', () => {
    fc.assert(
      fc.property(seriesPair, fc.constantFrom('diff', 'detrend', 'none'), (series, transform) => {
        try {
          for (const pair of correlate({ series, transform }).pairs) {
            expect(Math.abs(pair.pearson.r)).toBeLessThanOrEqual(1 + 1e-12);
            expect(Math.abs(pair.spearman.rho)).toBeLessThanOrEqual(1 + 1e-12);
            [pair.pearson.pValue, pair.spearman.pValue, pair.pearson.adjustedPValue].forEach(
              expectProbability,
            );
            expect(pair.pearson.interval[0]).toBeLessThanOrEqual(pair.pearson.interval[1]);
          }
        } catch (error) {
          typedOrRethrow(error);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('adfTest and selectVarOrder: finite results or a DyocenseError', () => {
    fc.assert(
      fc.property(seriesPair, (series) => {
        try {
          const result = adfTest({ values: series.a });
          expect(Number.isNaN(result.statistic)).toBe(false);
          expectProbability(result.pValue);
        } catch (error) {
          typedOrRethrow(error);
        }
        try {
          const selection = selectVarOrder({ series, maxLag: 2 });
          for (const values of Object.values(selection.criteria))
            for (const v of values) expect(Number.isNaN(v)).toBe(false);
        } catch (error) {
          typedOrRethrow(error);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('adjustPValues: adjusted values in [raw, 1], monotone with the raw order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 50 }),
        fc.constantFrom('bh', 'holm', 'bonferroni'),
        (pValues, method) => {
          const adjusted = adjustPValues({ pValues, method });
          adjusted.forEach((p, index) => {
            expect(p).toBeGreaterThanOrEqual(pValues[index] as number);
            expectProbability(p);
          });
          for (let i = 0; i < pValues.length; i++) {
            for (let j = 0; j < pValues.length; j++) {
              if ((pValues[i] as number) < (pValues[j] as number))
                expect(adjusted[i]).toBeLessThanOrEqual(adjusted[j] as number);
            }
          }
        },
      ),
    );
  });

  it('adjustPValues refuses NaN with invalid_input', () => {
    expect(() => adjustPValues({ pValues: [0.1, Number.NaN] })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
