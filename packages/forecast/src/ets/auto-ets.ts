import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import {
  type EtsErrorType,
  type EtsIntervalOptions,
  type EtsModel,
  type EtsSeasonType,
  type EtsTrendType,
  fitEts,
} from './fit-ets.js';
import {
  etsLabel,
  etsMinimumLength,
  intervalOptionsSchema,
  maxEtsSeasonPeriod,
  toIntervalOptions,
  toSeries,
} from './internal/ets-input.js';

/** Options of {@link autoEts}. */
export interface AutoEtsOptions {
  /** Observations per seasonal cycle; 1 (or a period above 24, or a series shorter than one cycle) fits non-seasonal models only. */
  readonly seasonPeriod: number;
  /** Consider multiplicative error and season (strictly positive data only). Default true, as R's `ets`. */
  readonly allowMultiplicative?: boolean;
  /** `true`: only damped trends; `false`: only undamped; omitted: both, as R's `damped = NULL`. */
  readonly damped?: boolean;
  readonly intervals?: EtsIntervalOptions;
}

/** One model tried by {@link autoEts}, with its AICc (`null` when it could not be fitted). */
export interface EtsCandidate {
  readonly method: string;
  readonly aicc: number | null;
}

/** The model chosen by {@link autoEts}, with every candidate's AICc for diagnostics. */
export interface AutoEtsModel extends EtsModel {
  readonly candidates: readonly EtsCandidate[];
}

const optionsSchema = z.object({
  seasonPeriod: z.number().int().min(1),
  allowMultiplicative: z.boolean().optional(),
  damped: z.boolean().optional(),
  intervals: intervalOptionsSchema.optional(),
});

/**
 * Automatic ETS: fits every admissible combination R's `ets(y)` considers and returns the one with the
 * lowest AICc. Candidates are error A/M × trend N/A/Ad × season N/A/M, excluding multiplicative trends,
 * additive errors with multiplicative seasons (R's `restrict = TRUE`), multiplicative components on data
 * that are not strictly positive, seasons when `seasonPeriod` is 1, above 24 or longer than the series,
 * and models with more parameters than the series supports. A constant series gets R's treatment: simple
 * exponential smoothing with alpha 0.99999 started at the first value (no information criteria).
 *
 * @throws DyocenseError `invalid_input` for bad options or non-finite values; `insufficient_data` when the
 *   series is too short for any candidate (fewer than 7 observations).
 * @example
 * const model = autoEts(monthlySales, { seasonPeriod: 12 });
 * model.method; // e.g. 'ETS(M,Ad,M)'
 * const { mean, intervals } = model.forecast(18, [80, 95]);
 */
export function autoEts(y: readonly number[], options: AutoEtsOptions): AutoEtsModel {
  const parsed = parseInput(optionsSchema, options, 'auto ETS options');
  const series = toSeries(y);
  const n = series.length;
  const intervals = parsed.intervals ? { intervals: toIntervalOptions(parsed.intervals) } : {};
  const seasonPeriod = parsed.seasonPeriod;
  const minimum = etsMinimumLength('N', 'N', 1);
  if (n < minimum) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `Automatic ETS needs at least ${minimum} observations; the series has ${n}.`,
      details: { required: minimum, actual: n },
    });
  }
  if (series.every((value) => value === series[0])) {
    const model = fitEts(y, {
      seasonPeriod,
      error: 'A',
      trend: 'N',
      season: 'N',
      parameters: { alpha: 0.99999, initialStates: { level: series[0] ?? 0 } },
      ...intervals,
    });
    return { ...model, candidates: [{ method: model.method, aicc: null }] };
  }
  const seasonal = seasonPeriod > 1 && seasonPeriod <= maxEtsSeasonPeriod && n > seasonPeriod;
  const positive = series.every((value) => value > 0);
  const multiplicative = (parsed.allowMultiplicative ?? true) && positive;
  const errors: EtsErrorType[] = multiplicative ? ['A', 'M'] : ['A'];
  const trends: EtsTrendType[] =
    parsed.damped === undefined ? ['N', 'A', 'Ad'] : parsed.damped ? ['N', 'Ad'] : ['N', 'A'];
  const seasons: EtsSeasonType[] = seasonal ? (multiplicative ? ['N', 'A', 'M'] : ['N', 'A']) : ['N'];

  const candidates: EtsCandidate[] = [];
  let best: EtsModel | undefined;
  let bestAicc = Number.POSITIVE_INFINITY;
  for (const error of errors) {
    for (const trend of trends) {
      for (const season of seasons) {
        if (error === 'A' && season === 'M') continue;
        if (n < etsMinimumLength(trend, season, seasonPeriod)) continue;
        const method = etsLabel(error, trend, season);
        let model: EtsModel;
        try {
          model = fitEts(y, { seasonPeriod, error, trend, season, ...intervals });
        } catch (cause) {
          if (!DyocenseError.isInstance(cause)) throw cause;
          candidates.push({ method, aicc: null });
          continue;
        }
        const aicc = model.informationCriteria?.aicc;
        candidates.push({ method, aicc: aicc !== undefined && Number.isFinite(aicc) ? aicc : null });
        if (aicc !== undefined && aicc < bestAicc) {
          bestAicc = aicc;
          best = model;
        }
      }
    }
  }
  if (!best) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: 'No ETS model could be fitted to this series.',
      details: { candidates },
    });
  }
  return { ...best, candidates };
}
