import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readChannels, readEffectsReference } from '../__fixtures__/evidence-fixtures.js';
import { decomposeMixRate } from './mix-rate-decomposition.js';

const reference = readEffectsReference().mix_rate;

function channelSegments() {
  const start = reference.expected.post_start;
  const totals = new Map<
    string,
    { before: { base: number; outcome: number }; after: { base: number; outcome: number } }
  >();
  for (const row of readChannels()) {
    const entry = totals.get(row.channel) ?? {
      before: { base: 0, outcome: 0 },
      after: { base: 0, outcome: 0 },
    };
    const period = row.date < start ? entry.before : entry.after;
    period.base += row.sessions;
    period.outcome += row.orders;
    totals.set(row.channel, entry);
  }
  return [...totals].map(([segment, periods]) => ({ segment, ...periods }));
}

describe('decomposeMixRate on channels.csv against effects_ref.json', () => {
  const result = decomposeMixRate({ segments: channelSegments() });

  it('reproduces the conversion rates and total change', () => {
    expect(result.before).toBeCloseTo(reference.empirical.cr_pre, 14);
    expect(result.after).toBeCloseTo(reference.empirical.cr_post, 14);
    expect(result.change).toBeCloseTo(reference.empirical.change, 14);
  });

  it('reproduces the midpoint mix and rate per channel and in total within 1e-14', () => {
    for (const segment of result.segments) {
      expect(segment.mix).toBeCloseTo(reference.empirical.midpoint.mix[segment.segment] as number, 14);
      expect(segment.rate).toBeCloseTo(reference.empirical.midpoint.rate[segment.segment] as number, 14);
      expect(segment.centredMix).toBeCloseTo(
        reference.empirical.midpoint_centred_mix.mix[segment.segment] as number,
        14,
      );
    }
    expect(result.mixTotal).toBeCloseTo(reference.empirical.midpoint.mix_total, 14);
    expect(result.rateTotal).toBeCloseTo(reference.empirical.midpoint.rate_total, 14);
    expect(Math.abs(result.residual)).toBeLessThan(1e-15);
  });

  it('tells the true story: paid has the most negative centred mix, email the most negative rate', () => {
    const byCentredMix = [...result.segments].sort((a, b) => a.centredMix - b.centredMix);
    const byRate = [...result.segments].sort((a, b) => a.rate - b.rate);
    expect(byCentredMix[0]?.segment).toBe('paid');
    expect(byRate[0]?.segment).toBe('email');
  });
});

describe('decomposeMixRate properties', () => {
  const period = fc.record({
    base: fc.integer({ min: 0, max: 100_000 }),
    outcome: fc.integer({ min: 0, max: 100_000 }),
  });
  const segments = fc.uniqueArray(
    fc.record({ segment: fc.string({ minLength: 1, maxLength: 5 }), before: period, after: period }),
    {
      minLength: 1,
      maxLength: 8,
      selector: (entry) => entry.segment,
    },
  );

  it('splits any change exactly into mix and rate, centred mix keeping the mix total, or throws a typed error', () => {
    fc.assert(
      fc.property(segments, (input) => {
        let result: ReturnType<typeof decomposeMixRate>;
        try {
          result = decomposeMixRate({ segments: input });
        } catch (error) {
          expect(DyocenseError.isInstance(error)).toBe(true);
          return;
        }
        const scale = Math.max(1e-12, Math.abs(result.before), Math.abs(result.after));
        expect(Math.abs(result.residual)).toBeLessThan(1e-9 * scale);
        const centred = result.segments.reduce((sum, entry) => sum + entry.centredMix, 0);
        expect(Math.abs(centred - result.mixTotal)).toBeLessThan(1e-9 * scale);
        expect(Number.isNaN(result.change)).toBe(false);
      }),
    );
  });

  it('is antisymmetric when the periods are swapped', () => {
    fc.assert(
      fc.property(segments, (input) => {
        let forward: ReturnType<typeof decomposeMixRate>;
        let backward: ReturnType<typeof decomposeMixRate>;
        try {
          forward = decomposeMixRate({ segments: input });
          backward = decomposeMixRate({
            segments: input.map((entry) => ({ ...entry, before: entry.after, after: entry.before })),
          });
        } catch (error) {
          expect(DyocenseError.isInstance(error)).toBe(true);
          return;
        }
        expect(backward.mixTotal).toBeCloseTo(-forward.mixTotal, 12);
        expect(backward.rateTotal).toBeCloseTo(-forward.rateTotal, 12);
      }),
    );
  });

  it('refuses a rate that overflows (a base near the smallest double) instead of returning NaN', () => {
    // Found by the entry-point property test: 4.4e-16 ÷ 5e-324 is Infinity, and the centred mix became NaN.
    expect(() =>
      decomposeMixRate({
        segments: [
          {
            segment: 'a',
            before: { base: 0, outcome: 0 },
            after: { base: 5e-324, outcome: 4.440892098500626e-16 },
          },
          { segment: 'b', before: { base: 5e-324, outcome: 0 }, after: { base: 0, outcome: 0 } },
        ],
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        message: expect.stringMatching(/overflow in segment a/),
      }),
    );
  });
});
