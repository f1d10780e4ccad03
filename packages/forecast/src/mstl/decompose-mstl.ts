import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { boxCox } from '../forecast/internal/box-cox.js';
import { validateHistory } from '../naive/internal/validate-history.js';
import { decomposeStl, type StlOptions } from '../stl/decompose-stl.js';
import { resolveLambda } from './internal/resolve-lambda.js';

/** Options of {@link decomposeMstl}; defaults are those of R's `forecast::mstl`. */
export interface MstlOptions {
  /**
   * Observations per cycle of each seasonality, each at least 2 (e.g. `[24, 168]` for hourly data with daily and
   * weekly cycles, `[7, 365.25]` for daily data). Sorted ascending; periods without more than two full cycles in
   * the history are dropped (reported in `droppedPeriods`).
   */
  readonly seasonPeriods: readonly number[];
  /**
   * STL seasonal window of each period (in sorted order), or one for all; `'periodic'` for a fixed pattern.
   * Default `7 + 4·i` for the i-th period (11, 15, 19, ...), as R's `s.window = 7 + 4 * seq(6)`.
   */
  readonly seasonalWindows?: number | 'periodic' | readonly (number | 'periodic')[];
  /**
   * Rounds of the backfitting loop that re-estimates every seasonal component on the series minus the others.
   * Default 2 with several periods and 1 with a single one, as R's `mstl` on an `msts` and on a plain `ts`.
   */
  readonly iterations?: number;
  /**
   * Box-Cox parameter applied before decomposing (components are on the transformed scale), `'auto'` for
   * Guerrero's method on cycles of the longest period, as R's `BoxCox.lambda`. Omitted: no transform.
   * Needs strictly positive values.
   */
  readonly lambda?: number | 'auto';
  /** STL trend window for every component (R's `t.window` passed through `...`); default STL's. */
  readonly trendWindow?: number;
  /** Robust STL fits (R's `robust`); default false. */
  readonly robust?: boolean;
}

/** One seasonal component of an MSTL decomposition. */
export interface MstlSeasonalComponent {
  readonly period: number;
  readonly values: number[];
}

/** `transformed values = trend + Σ seasonal + remainder`, every series the length of the input. */
export interface MstlDecomposition {
  readonly trend: number[];
  /** One component per kept period, ascending. */
  readonly seasonal: readonly MstlSeasonalComponent[];
  readonly remainder: number[];
  /** Trend plus remainder: the series with every seasonal component removed (R's `seasadj`). */
  readonly seasonallyAdjusted: number[];
  /** The Box-Cox parameter used, when the series was transformed. */
  readonly lambda?: number;
  /** Requested periods dropped because the history has no more than two of their cycles. */
  readonly droppedPeriods: readonly number[];
}

const windowSchema = z.union([z.literal('periodic'), z.number().int().min(1).max(1e9)]);
const optionsSchema = z.object({
  seasonPeriods: z.array(z.number().min(2).max(1e9)).min(1).max(12),
  seasonalWindows: z.union([windowSchema, z.array(windowSchema).min(1)]).optional(),
  iterations: z.number().int().min(1).max(20).optional(),
  lambda: z.union([z.literal('auto'), z.number().min(-1).max(2)]).optional(),
  trendWindow: z.number().int().min(1).max(1e9).optional(),
  robust: z.boolean().optional(),
});

/**
 * Multiple seasonal-trend decomposition by loess (Bandara, Hyndman & Bergmeir 2021), as R's `forecast::mstl`:
 * for each period in ascending order, STL (R's `stats::stl`, see {@link decomposeStl}) is run on the series
 * with the other seasonal components removed, and its seasonal component replaces that period's; the loop is
 * repeated `iterations` times and the trend is the last STL trend.
 *
 * @param values - equally spaced finite observations (strictly positive with `lambda`).
 * @throws DyocenseError `invalid_input` for bad values or options; `insufficient_data` when no period has
 *   more than two full cycles in the history.
 * @example
 * const { trend, seasonal } = decomposeMstl(hourlyLoad, { seasonPeriods: [24, 168] });
 * seasonal[0]?.period; // 24
 */
export function decomposeMstl(values: readonly number[], options: MstlOptions): MstlDecomposition {
  const parsed = parseInput(optionsSchema, options, 'MSTL options');
  const history = validateHistory(values, 'MSTL', 1);
  const n = history.length;
  const sorted = [...new Set(parsed.seasonPeriods)].sort((left, right) => left - right);
  const periods = sorted.filter((period) => period < n / 2);
  const droppedPeriods = sorted.filter((period) => period >= n / 2);
  if (periods.length === 0) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `MSTL needs more than two full cycles of at least one seasonal period; with ${n} observations no period in [${sorted.join(', ')}] qualifies.`,
      details: { required: Math.floor(2 * (sorted[0] as number)) + 1, received: n },
    });
  }
  const lambda = resolveLambda(history, parsed.lambda, periods[periods.length - 1] as number);
  const x = lambda === undefined ? history : history.map((value) => boxCox(value, lambda));
  const windows = periods.map((_, index) => windowFor(parsed.seasonalWindows, index));
  const iterations = parsed.iterations ?? (periods.length > 1 ? 2 : 1);
  const seasonal = periods.map(() => new Array<number>(n).fill(0));
  let deseasonalised = x.slice();
  let trend: number[] = [];
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    periods.forEach((period, index) => {
      const previous = seasonal[index] as number[];
      deseasonalised = deseasonalised.map((value, position) => value + (previous[position] as number));
      const stlOptions: StlOptions = {
        period,
        seasonalWindow: windows[index] as number | 'periodic',
        ...(parsed.trendWindow === undefined ? {} : { trendWindow: parsed.trendWindow }),
        ...(parsed.robust === undefined ? {} : { robust: parsed.robust }),
      };
      const fit = decomposeStl(deseasonalised, stlOptions);
      seasonal[index] = fit.seasonal;
      deseasonalised = deseasonalised.map((value, position) => value - (fit.seasonal[position] as number));
      trend = fit.trend;
    });
  }
  return {
    trend,
    seasonal: periods.map((period, index) => ({ period, values: seasonal[index] as number[] })),
    remainder: deseasonalised.map((value, position) => value - (trend[position] as number)),
    seasonallyAdjusted: deseasonalised,
    ...(lambda === undefined ? {} : { lambda }),
    droppedPeriods,
  };
}

function windowFor(
  windows: number | 'periodic' | readonly (number | 'periodic')[] | undefined,
  index: number,
): number | 'periodic' {
  if (windows === undefined) return 7 + 4 * (index + 1);
  if (typeof windows === 'number' || windows === 'periodic') return windows;
  return windows[index] ?? 7 + 4 * (index + 1);
}
