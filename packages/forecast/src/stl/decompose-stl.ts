import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { validateHistory } from '../naive/internal/validate-history.js';
import { nextOdd } from './internal/next-odd.js';
import { robustnessWeights } from './internal/robustness-weights.js';
import { type StlSettings, type StlWorkspace, stlInnerLoop } from './internal/stl-inner-loop.js';

/** Local polynomial degree of a loess smoother: 0 (locally constant) or 1 (locally linear). */
export type LoessDegree = 0 | 1;

/** Options of {@link decomposeStl}; names follow R's `stats::stl` arguments, defaults are R's. */
export interface StlOptions {
  /**
   * Observations per seasonal cycle, at least 2 (e.g. 12 for monthly data, 24 for hourly data with a daily
   * cycle). A fractional period (365.25) is truncated for the cycle-subseries, as R's `stl` does with
   * `frequency(x)`, and used as given for the default trend window and the two-cycle minimum.
   */
  readonly period: number;
  /**
   * Loess span (in cycles) of the seasonal smoother, R's `s.window`: an integer (odd, at least 7 is usual;
   * spans below 3 act as 3 and even spans are made odd), or `'periodic'` for a seasonal pattern that does
   * not change (span 10·n + 1, degree 0, and each position's values averaged across cycles).
   */
  readonly seasonalWindow: number | 'periodic';
  /** R's `s.degree`; default 0. Ignored (0) when `seasonalWindow` is `'periodic'`. */
  readonly seasonalDegree?: LoessDegree;
  /** Loess span of the trend smoother (observations), R's `t.window`; default `nextodd(ceiling(1.5·period / (1 - 1.5 / seasonalWindow)))`. */
  readonly trendWindow?: number;
  /** R's `t.degree`; default 1. */
  readonly trendDegree?: LoessDegree;
  /** Loess span of the low-pass filter, R's `l.window`; default the next odd integer to `period`. */
  readonly lowPassWindow?: number;
  /** R's `l.degree`; default `trendDegree`. */
  readonly lowPassDegree?: LoessDegree;
  /** Fit the seasonal smoother every `seasonalJump` points and interpolate, R's `s.jump`; default `ceiling(seasonalWindow / 10)`. */
  readonly seasonalJump?: number;
  /** R's `t.jump`; default `ceiling(trendWindow / 10)`. */
  readonly trendJump?: number;
  /** R's `l.jump`; default `ceiling(lowPassWindow / 10)`. */
  readonly lowPassJump?: number;
  /** Down-weight outliers with bisquare robustness weights (R's `robust`); default false. */
  readonly robust?: boolean;
  /** Passes of the inner loop, R's `inner`; default 1 when robust, else 2. */
  readonly innerIterations?: number;
  /** Robustness iterations, R's `outer`; default 15 when robust, else 0. */
  readonly outerIterations?: number;
}

/** The settings {@link decomposeStl} used, as R's `stl` reports them in `win`, `deg`, `jump`, `inner`, `outer`. */
export interface StlParameters {
  readonly period: number;
  readonly periodic: boolean;
  readonly seasonalWindow: number;
  readonly trendWindow: number;
  readonly lowPassWindow: number;
  readonly seasonalDegree: LoessDegree;
  readonly trendDegree: LoessDegree;
  readonly lowPassDegree: LoessDegree;
  readonly seasonalJump: number;
  readonly trendJump: number;
  readonly lowPassJump: number;
  readonly innerIterations: number;
  readonly outerIterations: number;
}

/** An additive decomposition `values = seasonal + trend + remainder`, each the length of the input. */
export interface StlDecomposition {
  readonly seasonal: number[];
  readonly trend: number[];
  readonly remainder: number[];
  /** Final robustness weights in [0, 1]; all 1 without robustness iterations. */
  readonly weights: number[];
  readonly parameters: StlParameters;
}

const positiveInteger = z.number().int().min(1).max(1e9);
const degree = z.union([z.literal(0), z.literal(1)]);
const optionsSchema = z.object({
  period: z.number().min(2).max(1e9),
  seasonalWindow: z.union([z.literal('periodic'), positiveInteger]),
  seasonalDegree: degree.optional(),
  trendWindow: positiveInteger.optional(),
  trendDegree: degree.optional(),
  lowPassWindow: positiveInteger.optional(),
  lowPassDegree: degree.optional(),
  seasonalJump: positiveInteger.optional(),
  trendJump: positiveInteger.optional(),
  lowPassJump: positiveInteger.optional(),
  robust: z.boolean().optional(),
  innerIterations: positiveInteger.max(100).optional(),
  outerIterations: z.number().int().min(0).max(100).optional(),
});

/** The smoother spans the Fortran uses: at least 3 and odd. */
function toSpan(window: number): number {
  const span = Math.max(3, window);
  return span % 2 === 0 ? span + 1 : span;
}

/**
 * Seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae & Terpenning 1990), computing exactly
 * what R's `stats::stl` computes (its Fortran: inner loop of cycle-subseries smoothing, low-pass filter and
 * trend smoothing; outer loop of bisquare robustness weights; jumps with linear interpolation). Agrees with
 * R 4.2.2 to about 1e-12 on R's own series (see `__fixtures__/`).
 *
 * @param values - equally spaced finite observations, more than two cycles (`n > 2·period`).
 * @throws DyocenseError `invalid_input` for non-finite values, bad options or values so large that smoothing
 *   overflows; `insufficient_data` when the
 *   series does not cover more than two cycles.
 * @example
 * const { seasonal, trend, remainder } = decomposeStl(monthlySales, { period: 12, seasonalWindow: 13 });
 */
export function decomposeStl(values: readonly number[], options: StlOptions): StlDecomposition {
  const parsed = parseInput(optionsSchema, options, 'STL options');
  const period = parsed.period;
  const history = validateHistory(values, 'STL', 3);
  const n = history.length;
  if (n <= 2 * period) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `STL needs more than two full cycles (more than ${2 * period} observations for period ${period}); the series has ${n}.`,
      details: { required: Math.floor(2 * period) + 1, received: n },
    });
  }
  const periodic = parsed.seasonalWindow === 'periodic';
  const seasonalWindow = parsed.seasonalWindow === 'periodic' ? 10 * n + 1 : parsed.seasonalWindow;
  const seasonalDegree: LoessDegree = periodic ? 0 : (parsed.seasonalDegree ?? 0);
  const trendDegree: LoessDegree = parsed.trendDegree ?? 1;
  const lowPassDegree: LoessDegree = parsed.lowPassDegree ?? trendDegree;
  const trendWindow = parsed.trendWindow ?? nextOdd(Math.ceil((1.5 * period) / (1 - 1.5 / seasonalWindow)));
  const lowPassWindow = parsed.lowPassWindow ?? nextOdd(period);
  const robust = parsed.robust ?? false;
  const parameters: StlParameters = {
    period,
    periodic,
    seasonalWindow,
    trendWindow,
    lowPassWindow,
    seasonalDegree,
    trendDegree,
    lowPassDegree,
    seasonalJump: parsed.seasonalJump ?? Math.ceil(seasonalWindow / 10),
    trendJump: parsed.trendJump ?? Math.ceil(trendWindow / 10),
    lowPassJump: parsed.lowPassJump ?? Math.ceil(lowPassWindow / 10),
    innerIterations: parsed.innerIterations ?? (robust ? 1 : 2),
    outerIterations: parsed.outerIterations ?? (robust ? 15 : 0),
  };
  const cycle = Math.max(2, Math.trunc(period));
  const settings: StlSettings = {
    period: cycle,
    seasonalSpan: toSpan(seasonalWindow),
    trendSpan: toSpan(trendWindow),
    lowPassSpan: toSpan(lowPassWindow),
    seasonalDegree,
    trendDegree,
    lowPassDegree,
    seasonalJump: parameters.seasonalJump,
    trendJump: parameters.trendJump,
    lowPassJump: parameters.lowPassJump,
  };
  const y = Float64Array.from(history);
  const seasonal = new Float64Array(n);
  const trend = new Float64Array(n);
  const work = Array.from({ length: 5 }, () => new Float64Array(n + 2 * cycle)) as unknown as StlWorkspace;
  let weights: Float64Array | undefined;
  for (let outer = 0; ; outer += 1) {
    stlInnerLoop(y, settings, parameters.innerIterations, weights, seasonal, trend, work);
    if (outer >= parameters.outerIterations) break;
    const fit = work[0];
    for (let i = 0; i < n; i += 1) fit[i] = (trend[i] as number) + (seasonal[i] as number);
    if (!fit.subarray(0, n).every((value, i) => Number.isFinite(value - (y[i] as number)))) throw overflow();
    weights ??= new Float64Array(n);
    robustnessWeights(y, n, fit, weights);
  }
  if (periodic) averageCycles(seasonal, cycle);
  if (!seasonal.every(Number.isFinite) || !trend.every(Number.isFinite)) throw overflow();
  const seasonalValues = Array.from(seasonal);
  const trendValues = Array.from(trend);
  return {
    seasonal: seasonalValues,
    trend: trendValues,
    remainder: history.map(
      (value, index) => value - (seasonalValues[index] as number) - (trendValues[index] as number),
    ),
    weights:
      weights === undefined || parameters.outerIterations === 0
        ? new Array<number>(n).fill(1)
        : Array.from(weights),
    parameters,
  };
}

function overflow(): DyocenseError {
  return new DyocenseError({
    code: 'invalid_input',
    message: 'STL overflowed: the values are too large in magnitude to smooth; rescale the series first.',
  });
}

/** Replaces each value by the mean of its position in the cycle (R's `tapply(seasonal, cycle(x), mean)`). */
function averageCycles(seasonal: Float64Array, cycle: number): void {
  for (let position = 0; position < cycle; position += 1) {
    let total = 0;
    let count = 0;
    for (let i = position; i < seasonal.length; i += cycle) {
      total += seasonal[i] as number;
      count += 1;
    }
    const mean = total / count;
    for (let i = position; i < seasonal.length; i += cycle) seasonal[i] = mean;
  }
}
