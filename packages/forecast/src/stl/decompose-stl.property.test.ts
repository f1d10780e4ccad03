import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decomposeStl } from './decompose-stl.js';

describe('decomposeStl properties', () => {
  it('returns finite components that add up to any finite input, or a DyocenseError', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 2, max: 13 }),
        fc.constantFrom<number | 'periodic'>('periodic', 3, 7, 13),
        fc.boolean(),
        (values, period, seasonalWindow, robust) => {
          let result: ReturnType<typeof decomposeStl>;
          try {
            result = decomposeStl(values, { period, seasonalWindow, robust });
          } catch (error) {
            expect(DyocenseError.isInstance(error)).toBe(true);
            return;
          }
          expect(result.seasonal).toHaveLength(values.length);
          const all = [...result.seasonal, ...result.trend, ...result.remainder, ...result.weights];
          expect(all.every(Number.isFinite)).toBe(true);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
