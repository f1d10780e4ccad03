import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  centreSeries,
  fitCentredRestricted,
  PairProducts,
  testCauseFromProducts,
} from './lagged-cross-products.js';
import { fitRestricted, testCause } from './pairwise-granger-test.js';

function both(effect: Float64Array, cause: Float64Array, lag: number) {
  const restricted = fitRestricted(effect, lag);
  if (!('qr' in restricted)) return undefined;
  const y = centreSeries(effect, lag);
  const x = centreSeries(cause, lag);
  const products = new PairProducts(lag, effect.length);
  products.load(y, x);
  const centred = fitCentredRestricted(y, lag);
  if (centred === undefined) return undefined;
  return {
    exact: testCause(restricted, cause),
    fast: testCauseFromProducts(centred, x, products),
  };
}

describe('testCauseFromProducts', () => {
  it('equals the exact Householder test on trending and noisy series', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })),
          {
            minLength: 40,
            maxLength: 120,
          },
        ),
        fc.integer({ min: 1, max: 5 }),
        (rows, lag) => {
          const cause = Float64Array.from(rows, (row, t) => 50 + 0.1 * t + row[0]);
          const effect = Float64Array.from(
            rows,
            (row, t) => 0.5 * (rows[t - 1]?.[0] ?? 0) + row[1] + 0.02 * t,
          );
          const result = both(effect, cause, lag);
          // A degenerate effect (a straight line) has no restricted model; the shortcut may also decline
          // (cancellation). When it answers, it must agree with the exact test.
          if (result === undefined || result.fast === undefined || !result.exact.testable) return;
          const { exact, fast } = result;
          expect(fast.testable).toBe(true);
          if (!fast.testable) return;
          expect(Math.abs(fast.fStatistic - exact.fStatistic)).toBeLessThan(
            1e-7 * Math.max(1, exact.fStatistic),
          );
          expect(Math.abs(fast.pValue - exact.pValue)).toBeLessThan(1e-9);
          fast.causeCoefficients.forEach((value, index) => {
            expect(value).toBeCloseTo(exact.causeCoefficients[index] as number, 7);
          });
        },
      ),
      { numRuns: 80 },
    );
  });

  it('declines when the cause is almost a copy of the effect’s own lag, leaving it to the exact test', () => {
    const effect = Float64Array.from({ length: 60 }, (_, t) => Math.sin(t) + 0.3 * Math.cos(3 * t));
    const cause = Float64Array.from(
      { length: 60 },
      (_, t) => (effect[t] as number) * (1 + 1e-9 * Math.sin(7 * t)),
    );
    const result = both(effect, cause, 2);
    expect(result?.exact.testable).toBe(true);
    expect(result?.fast).toBeUndefined();
  });
});
