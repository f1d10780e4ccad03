import { DyocenseError, parseInput } from '@dyocense/core';
import { sampleCorrelation, sampleRankCorrelation } from 'simple-statistics';
import { z } from 'zod';
import { normalQuantile } from '../internal/distributions/normal-distribution.js';
import { regularizedBeta } from '../internal/distributions/regularized-beta.js';
import { leastSquares } from '../internal/linear-algebra/least-squares.js';
import {
  assertAlignedDates,
  assertNoConstantSeries,
  datesSchema,
  firstDifference,
  toSeriesMatrix,
  wideSeriesSchema,
} from '../internal/series-input.js';
import { adjustmentMethods, adjustValidated } from '../multiple-testing/adjust-p-values.js';

/** How series are prepared before correlating. */
export const correlationTransforms = ['diff', 'detrend', 'none'] as const;

const inputSchema = z.object({
  series: wideSeriesSchema,
  dates: datesSchema.optional(),
  /**
   * `diff` (default): first differences. `detrend`: residuals of a straight-line fit. `none`: levels. On
   * levels, any two trending metrics (even an unrelated random walk) "correlate".
   */
  transform: z.enum(correlationTransforms).default('diff'),
  /** Multiple-testing correction across pairs. Default Benjamini–Hochberg. */
  adjustment: z.enum(adjustmentMethods).default('bh'),
  /** Confidence level of the Fisher interval. Default 0.95. */
  confidenceLevel: z.number().gt(0).lt(1).default(0.95),
  /** Significance level for the adjusted p-values. Default 0.05. */
  alpha: z.number().gt(0).lt(1).default(0.05),
});

/** Input of {@link correlate}. */
export type CorrelateInput = z.input<typeof inputSchema>;

/** Correlations of one unordered pair. */
export interface CorrelationPair {
  readonly a: string;
  readonly b: string;
  readonly observations: number;
  readonly pearson: {
    readonly r: number;
    /** Two-sided, from Student's t with n − 2 df (scipy `pearsonr`). */
    readonly pValue: number;
    readonly adjustedPValue: number;
    /** Fisher-z interval at `confidenceLevel`. */
    readonly interval: readonly [number, number];
  };
  readonly spearman: {
    /** Pearson correlation of mid-ranks (ties share the average rank). */
    readonly rho: number;
    /** Two-sided t approximation with n − 2 df (scipy 1.10 `spearmanr`). */
    readonly pValue: number;
    readonly adjustedPValue: number;
  };
  /** Pearson on levels, for comparison, when a transform was applied. */
  readonly levels?: { readonly r: number; readonly pValue: number; readonly adjustedPValue: number };
  /** Significant on levels but not after the transform: the association is most likely shared trend. */
  readonly trendDriven: boolean;
  readonly significant: boolean;
}

/** Result of {@link correlate}. */
export interface CorrelationResult {
  readonly transform: (typeof correlationTransforms)[number];
  readonly pairs: readonly CorrelationPair[];
}

/** Two-sided p-value of a correlation coefficient under H0: ρ = 0, with n − 2 df. */
function correlationPValue(r: number, n: number): number {
  const absolute = Math.min(1, Math.abs(r));
  if (absolute === 1) return 0;
  const df = n - 2;
  // P(|T| > t) with t² = df r²/(1 − r²) equals I_{1−r²}(df/2, 1/2); (1 − |r|)(1 + |r|) avoids cancellation.
  return regularizedBeta((1 - absolute) * (1 + absolute), absolute * absolute, df / 2, 0.5);
}

function fisherInterval(r: number, n: number, level: number): [number, number] {
  if (Math.abs(r) >= 1) return [r, r];
  const z = Math.atanh(r);
  const halfWidth = normalQuantile(1 - (1 - level) / 2) / Math.sqrt(n - 3);
  return [Math.tanh(z - halfWidth), Math.tanh(z + halfWidth)];
}

function detrend(values: Float64Array): Float64Array {
  const n = values.length;
  const design = new Float64Array(2 * n);
  design.fill(1, 0, n);
  for (let i = 0; i < n; i++) design[n + i] = i;
  const fit = leastSquares(design, n, 2, values);
  return values.map(
    (value, i) => value - (fit.coefficients[0] as number) - (fit.coefficients[1] as number) * i,
  );
}

/**
 * Pearson and Spearman correlations of every pair of series, with p-values, Fisher intervals and multiple-testing
 * control, on first differences by default. Pairs significant on levels only are flagged `trendDriven`. A
 * correlation says two metrics move together, not that one drives the other.
 *
 * @throws DyocenseError `invalid_input` for fewer than two series, NaN, misaligned series or dates, or a series
 * constant after the transform; `insufficient_data` with fewer than 4 points after it.
 * @example
 * correlate({ series: { spend, traffic, followers } }).pairs.filter((pair) => pair.significant);
 */
export function correlate(input: CorrelateInput): CorrelationResult {
  const options = parseInput(inputSchema, input, 'correlation input');
  const { names, values: levels } = toSeriesMatrix(options.series);
  if (names.length < 2) {
    throw new DyocenseError({ code: 'invalid_input', message: 'Correlations need at least two series' });
  }
  if (options.dates !== undefined) assertAlignedDates(options.dates, (levels[0] as Float64Array).length);
  const transformed =
    options.transform === 'diff'
      ? levels.map(firstDifference)
      : options.transform === 'detrend'
        ? levels.map(detrend)
        : levels;
  const n = (transformed[0] as Float64Array).length;
  if (n < 4) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `Correlations need at least 4 points${options.transform === 'diff' ? ' after differencing' : ''}, got ${n}`,
    });
  }
  assertNoConstantSeries(names, transformed, new Set(options.transform === 'diff' ? names : []));
  const raw: {
    a: number;
    b: number;
    r: number;
    p: number;
    rho: number;
    rhoP: number;
    levelR?: number;
    levelP?: number;
  }[] = [];
  const compareLevels =
    options.transform !== 'none' && !levels.some((series) => series.every((value) => value === series[0]));
  for (let a = 0; a < names.length; a++) {
    for (let b = a + 1; b < names.length; b++) {
      const x = Array.from(transformed[a] as Float64Array);
      const y = Array.from(transformed[b] as Float64Array);
      const r = sampleCorrelation(x, y);
      const rho = sampleRankCorrelation(x, y);
      const entry: (typeof raw)[number] = {
        a,
        b,
        r,
        p: correlationPValue(r, n),
        rho,
        rhoP: correlationPValue(rho, n),
      };
      if (compareLevels) {
        const levelR = sampleCorrelation(
          Array.from(levels[a] as Float64Array),
          Array.from(levels[b] as Float64Array),
        );
        entry.levelR = levelR;
        entry.levelP = correlationPValue(levelR, (levels[a] as Float64Array).length);
      }
      raw.push(entry);
    }
  }
  const adjustedPearson = adjustValidated(
    raw.map((entry) => entry.p),
    options.adjustment,
  );
  const adjustedSpearman = adjustValidated(
    raw.map((entry) => entry.rhoP),
    options.adjustment,
  );
  const adjustedLevels = compareLevels
    ? adjustValidated(
        raw.map((entry) => entry.levelP ?? 1),
        options.adjustment,
      )
    : [];
  const pairs = raw.map((entry, index): CorrelationPair => {
    const adjusted = adjustedPearson[index] as number;
    const significant = adjusted < options.alpha;
    const levelsSummary =
      entry.levelR === undefined
        ? undefined
        : { r: entry.levelR, pValue: entry.levelP ?? 1, adjustedPValue: adjustedLevels[index] as number };
    return {
      a: names[entry.a] as string,
      b: names[entry.b] as string,
      observations: n,
      pearson: {
        r: entry.r,
        pValue: entry.p,
        adjustedPValue: adjusted,
        interval: fisherInterval(entry.r, n, options.confidenceLevel),
      },
      spearman: { rho: entry.rho, pValue: entry.rhoP, adjustedPValue: adjustedSpearman[index] as number },
      ...(levelsSummary === undefined ? {} : { levels: levelsSummary }),
      trendDriven:
        levelsSummary !== undefined && levelsSummary.adjustedPValue < options.alpha && !significant,
      significant,
    };
  });
  return { transform: options.transform, pairs };
}
