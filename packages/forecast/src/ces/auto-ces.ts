import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { type CesModel, cesMinimumLength, fitCes } from './fit-ces.js';
import { type CesSeasonality, cesLabels } from './internal/ces-structure.js';

/** Options of {@link autoCes}. */
export interface AutoCesOptions {
  /** Observations per seasonal cycle (default 1: non-seasonal CES only). */
  readonly period?: number;
}

/** One variant tried by {@link autoCes}, with its AICc (`null` when it could not be fitted). */
export interface CesCandidate {
  readonly method: string;
  readonly aicc: number | null;
}

/** The CES variant chosen by {@link autoCes}, with every candidate's AICc. */
export interface AutoCesModel extends CesModel {
  readonly candidates: readonly CesCandidate[];
}

const optionsSchema = z.object({ period: z.number().int().min(1).optional() });

/**
 * Automatic complex exponential smoothing, as R's `smooth::auto.ces` and statsforecast's `AutoCES`: fits CES
 * with no, simple, partial and full seasonality (see {@link fitCes}) and returns the one with the lowest AICc.
 * The seasonal variants are tried only when the period is at least 2 and the series covers two periods.
 *
 * @throws DyocenseError `invalid_input` for bad options or non-finite values; `insufficient_data` for fewer
 *   than 8 observations.
 * @example
 * const model = autoCes(monthlySales, { period: 12 });
 * model.method; // e.g. 'CES(f)'
 * model.forecast(18, [80, 95]);
 */
export function autoCes(values: readonly number[], options: AutoCesOptions = {}): AutoCesModel {
  const parsed = parseInput(optionsSchema, options, 'automatic CES options');
  const period = parsed.period ?? 1;
  const seasonal =
    period > 1 && Array.isArray(values) && values.length >= Math.max(cesMinimumLength, 2 * period);
  const variants: CesSeasonality[] = seasonal ? ['none', 'simple', 'partial', 'full'] : ['none'];
  const candidates: CesCandidate[] = [];
  let best: CesModel | undefined;
  for (const seasonality of variants) {
    let model: CesModel;
    try {
      model = fitCes(values, { period, seasonality });
    } catch (cause) {
      // Bad input fails every variant alike: report it rather than an empty search.
      if (!DyocenseError.isInstance(cause) || seasonality === 'none') throw cause;
      candidates.push({ method: cesLabels[seasonality], aicc: null });
      continue;
    }
    const aicc = model.informationCriteria.aicc;
    candidates.push({ method: model.method, aicc: Number.isFinite(aicc) ? aicc : null });
    if (best === undefined || aicc < best.informationCriteria.aicc) best = model;
  }
  if (best === undefined) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: 'No CES model could be fitted to this series.',
    });
  }
  return { ...best, candidates };
}
