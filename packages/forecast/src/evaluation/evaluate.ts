import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import type { PredictionInterval } from '../model/fitted-model.js';
import { fitNaive2 } from '../naive/fit-naive2.js';
import { coverage, msis } from './interval-metrics.js';
import { owa } from './owa.js';
import { mae, mape, mase, rmse, smape } from './point-metrics.js';

const optionsSchema = z.object({
  seasonPeriod: z.number().int().positive().default(1),
  benchmark: z.array(z.number()).optional(),
});

/**
 * Options of {@link evaluate}: `seasonPeriod` of the MASE/MSIS scale and of the Naive2 benchmark (default 1; M4
 * uses 24 hourly, 12 monthly, 4 quarterly, 1 otherwise) and `benchmark`, the point forecasts OWA compares with
 * (default: Naive2 fitted to `history`).
 */
export type EvaluateOptions = z.input<typeof optionsSchema>;

/** Scores of one interval level. */
export interface IntervalEvaluation {
  readonly level: number;
  /** Share (0..1) of actual values inside the interval. */
  readonly coverage: number;
  /** Mean scaled interval score; `null` when the seasonal naive scale is zero or undefined. */
  readonly msis: number | null;
}

/** Accuracy of one forecast against what happened. `null` marks a score that is undefined for this data. */
export interface Evaluation {
  readonly mae: number;
  readonly rmse: number;
  /** Percent; `null` when every actual is zero. */
  readonly mape: number | null;
  /** Percent, 0..200. */
  readonly smape: number;
  readonly mase: number | null;
  /** One entry per interval in the forecast, in the order given. */
  readonly intervals: readonly IntervalEvaluation[];
  /** Against `options.benchmark` (default Naive2); `null` when a benchmark score is zero or undefined. */
  readonly owa: number | null;
}

function naive2Benchmark(
  history: readonly number[],
  seasonPeriod: number,
  horizon: number,
): number[] | undefined {
  try {
    return [...fitNaive2(history, seasonPeriod).forecast(horizon, []).mean];
  } catch {
    // Naive2 needs two finite observations; without them OWA is undefined.
    return undefined;
  }
}

/** What {@link evaluate} scores: point forecasts and, optionally, intervals (the shape a `FittedModel` returns). */
export interface ForecastToEvaluate {
  readonly mean: readonly number[];
  readonly intervals?: readonly PredictionInterval[];
}

/**
 * Scores a forecast against the actual values: MAE, RMSE, MAPE, sMAPE, MASE, coverage and MSIS per interval
 * level, and OWA against Naive2 or a given benchmark (M4 definitions).
 *
 * @param actual - what happened, one value per forecast step.
 * @param forecast - point forecasts (`mean`) and optional intervals for the same steps.
 * @param history - the data the forecast was made from (scale of MASE and MSIS).
 * @throws DyocenseError `invalid_input` when lengths differ or a value is not finite.
 * @example
 * evaluate([3, 4], { mean: [2.5, 4.5] }, [1, 2, 3], { seasonPeriod: 1 }).mase; // 0.5
 */
export function evaluate(
  actual: readonly number[],
  forecast: ForecastToEvaluate,
  history: readonly number[],
  options: EvaluateOptions = {},
): Evaluation {
  const { seasonPeriod, benchmark: given } = parseInput(optionsSchema, options, 'evaluate options');
  const pointSmape = smape(actual, forecast.mean);
  const pointMase = mase(actual, forecast.mean, history, seasonPeriod);
  let relative: number | null = null;
  const benchmark = given ?? naive2Benchmark(history, seasonPeriod, actual.length);
  if (benchmark !== undefined) {
    if (benchmark.length !== actual.length) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `evaluate: benchmark has ${benchmark.length} values, actual has ${actual.length}`,
      });
    }
    const benchmarkMase = mase(actual, benchmark, history, seasonPeriod);
    if (pointMase !== null && benchmarkMase !== null) {
      relative = owa(pointSmape, pointMase, smape(actual, benchmark), benchmarkMase);
    }
  }
  return {
    mae: mae(actual, forecast.mean),
    rmse: rmse(actual, forecast.mean),
    mape: mape(actual, forecast.mean),
    smape: pointSmape,
    mase: pointMase,
    intervals: (forecast.intervals ?? []).map((interval) => ({
      level: interval.level,
      coverage: coverage(actual, interval.lower, interval.upper),
      msis: msis(actual, interval.lower, interval.upper, history, seasonPeriod, interval.level),
    })),
    owa: relative,
  };
}
