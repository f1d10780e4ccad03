import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';

const amount = z
  .number()
  .refine(Number.isFinite, 'must be a finite number')
  .refine((value) => value >= 0, 'must not be negative');
const periodSchema = z.object({
  /** Denominator of the rate in this segment, e.g. sessions. */
  base: amount,
  /** Numerator of the rate in this segment, e.g. orders. */
  outcome: amount,
});

const inputSchema = z.object({
  segments: z
    .array(z.object({ segment: z.string().min(1), before: periodSchema, after: periodSchema }))
    .min(1)
    .superRefine((segments, context) => {
      const seen = new Set<string>();
      segments.forEach((entry, index) => {
        for (const period of ['before', 'after'] as const) {
          if (entry[period].base === 0 && entry[period].outcome > 0) {
            context.addIssue({
              code: 'custom',
              path: [index, period, 'outcome'],
              message: `${entry.segment} has an outcome but no base ${period}`,
            });
          }
        }
        if (seen.has(entry.segment))
          context.addIssue({
            code: 'custom',
            path: [index, 'segment'],
            message: `duplicate segment ${entry.segment}`,
          });
        seen.add(entry.segment);
      });
    }),
});

/** Input of {@link decomposeMixRate}. */
export type MixRateInput = z.input<typeof inputSchema>;

/** One segment's share, rate and contributions. */
export interface MixRateSegment {
  readonly segment: string;
  readonly shareBefore: number;
  readonly shareAfter: number;
  readonly rateBefore: number;
  readonly rateAfter: number;
  /** Δshare × midpoint rate (two-factor Shapley). Sums with the other segments to the mix total. */
  readonly mix: number;
  /**
   * Δshare × (midpoint rate − overall midpoint rate): the same total, but a segment that gained share at a
   * below-average rate shows a negative mix. Use this one for per-segment narratives.
   */
  readonly centredMix: number;
  /** Δrate × midpoint share. */
  readonly rate: number;
}

/** Result of {@link decomposeMixRate}: the overall change split exactly into mix and rate. */
export interface MixRateDecomposition {
  readonly before: number;
  readonly after: number;
  readonly change: number;
  readonly mixTotal: number;
  readonly rateTotal: number;
  /** change − mixTotal − rateTotal: zero up to rounding (the midpoint split has no interaction term). */
  readonly residual: number;
  readonly segments: readonly MixRateSegment[];
}

/**
 * Splits the change of a ratio metric (conversion = Σ orders / Σ sessions) into mix (segments' shares of the
 * base moved) and rate (segments' own ratios moved), with the midpoint (two-factor Shapley) convention, which is
 * exact with no interaction term. A segment absent in one period (base 0) takes its rate from the other period.
 *
 * @throws DyocenseError `invalid_input` for negative or non-finite amounts, an outcome without base, duplicate
 * segments, or rates that overflow (a base near the smallest double);
 * `insufficient_data` when a period's total base is 0.
 * @example
 * decomposeMixRate({ segments: [
 *   { segment: 'paid', before: { base: 2500, outcome: 50 }, after: { base: 4000, outcome: 80 } },
 *   { segment: 'email', before: { base: 1500, outcome: 75 }, after: { base: 1300, outcome: 52 } },
 * ] });
 */
export function decomposeMixRate(input: MixRateInput): MixRateDecomposition {
  const { segments } = parseInput(inputSchema, input, 'mix/rate input');
  const totalBase = (period: 'before' | 'after') =>
    segments.reduce((sum, entry) => sum + entry[period].base, 0);
  const totalOutcome = (period: 'before' | 'after') =>
    segments.reduce((sum, entry) => sum + entry[period].outcome, 0);
  const baseBefore = totalBase('before');
  const baseAfter = totalBase('after');
  if (baseBefore === 0 || baseAfter === 0) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `The ${baseBefore === 0 ? 'before' : 'after'} period has a total base of 0: the rate is undefined`,
    });
  }
  const rows = segments.map((entry) => {
    const ownBefore = entry.before.base > 0 ? entry.before.outcome / entry.before.base : undefined;
    const ownAfter = entry.after.base > 0 ? entry.after.outcome / entry.after.base : undefined;
    return {
      segment: entry.segment,
      shareBefore: entry.before.base / baseBefore,
      shareAfter: entry.after.base / baseAfter,
      rateBefore: ownBefore ?? ownAfter ?? 0,
      rateAfter: ownAfter ?? ownBefore ?? 0,
    };
  });
  // Centre on the overall rate at midpoint shares and rates, so the centred mix keeps the same total.
  const centre = rows.reduce(
    (sum, row) => sum + ((row.shareBefore + row.shareAfter) / 2) * ((row.rateBefore + row.rateAfter) / 2),
    0,
  );
  const result = rows.map((row): MixRateSegment => {
    const midRate = (row.rateBefore + row.rateAfter) / 2;
    const shareChange = row.shareAfter - row.shareBefore;
    return {
      ...row,
      mix: shareChange * midRate,
      centredMix: shareChange * (midRate - centre),
      rate: (row.rateAfter - row.rateBefore) * ((row.shareBefore + row.shareAfter) / 2),
    };
  });
  const before = totalOutcome('before') / baseBefore;
  const after = totalOutcome('after') / baseAfter;
  const mixTotal = result.reduce((sum, row) => sum + row.mix, 0);
  const rateTotal = result.reduce((sum, row) => sum + row.rate, 0);
  const decomposition = {
    before,
    after,
    change: after - before,
    mixTotal,
    rateTotal,
    residual: after - before - mixTotal - rateTotal,
    segments: result,
  };
  // A base near the smallest double (or huge outcomes) makes a rate overflow to Infinity, and Infinity − Infinity
  // is NaN: refuse rather than return it.
  const overflow = result.find((row) =>
    [row.rateBefore, row.rateAfter, row.mix, row.centredMix, row.rate].some(
      (value) => !Number.isFinite(value),
    ),
  );
  if (overflow !== undefined || ![before, after, mixTotal, rateTotal].every(Number.isFinite)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `The rates overflow${overflow === undefined ? '' : ` in segment ${overflow.segment}`}: outcome ÷ base exceeds the largest representable number; check the amounts and their units`,
    });
  }
  return decomposition;
}
