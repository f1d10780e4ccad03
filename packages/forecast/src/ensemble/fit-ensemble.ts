import { DyocenseError } from '@dyocense/core';
import { type CrossValidation, crossValidate, type ModelFitter } from '../evaluation/cross-validate.js';
import { conformalIntervals } from '../intervals/conformal-intervals.js';
import type { FittedModel, ModelForecast, PredictionInterval } from '../model/fitted-model.js';
import { type Combination, combineForecasts } from './combine-forecasts.js';

/** One member of an ensemble: a name, how to fit it and, optionally, its already computed cross-validation. */
export interface EnsembleMember {
  readonly name: string;
  readonly fit: ModelFitter;
  /** Reused instead of running cross-validation again (must use the ensemble's horizon, windows and step). */
  readonly crossValidation?: CrossValidation;
}

/** Options of {@link fitEnsemble}. */
export interface EnsembleOptions {
  /** Default `median`. */
  readonly combination?: Combination;
  /** Steps forecast in each cross-validation window (the conformal intervals are calibrated on them). */
  readonly horizon: number;
  /** Cross-validation windows; default 3. */
  readonly windows?: number;
  /** Points between cross-validation origins; default `horizon`. */
  readonly step?: number;
  /** Period of the MASE scale used for the weights; default 1. */
  readonly seasonPeriod?: number;
}

/** A fitted ensemble: a `FittedModel` plus what each member contributed. */
export interface FittedEnsemble extends FittedModel {
  readonly members: readonly { readonly name: string; readonly method: string; readonly weight: number }[];
  /** Members whose fit failed and were left out, with the reason. */
  readonly dropped: readonly { readonly name: string; readonly reason: string }[];
  /** The ensemble's own rolling-origin errors (window x step), the basis of its intervals; empty without CV. */
  readonly crossValidationErrors: readonly (readonly number[])[];
}

interface Usable {
  readonly name: string;
  readonly model: FittedModel;
  readonly crossValidation: CrossValidation | undefined;
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Fits a forecast combination (M4: simple combinations of ETS, ARIMA and Theta come within a few percent of
 * the winner): every member is cross-validated on rolling origins and fitted to the whole history; the point
 * forecast is the median, mean or CV-weighted mean (weights proportional to 1 / CV MASE, or 1 / CV MAE when MASE
 * is undefined) of the members' forecasts. The intervals span both the conformal intervals from the
 * ensemble's own cross-validation errors and the members' own bounds combined the same way as the points (each
 * estimate alone under-covered on the M3, tourism and M4 development data). Members that fail to fit are
 * dropped and listed. Without enough history for cross-validation, the members get equal weights and the
 * intervals are the combined member bounds.
 *
 * @throws DyocenseError `insufficient_data` when no member can be fitted; `invalid_input` without members.
 * @example
 * const ensemble = fitEnsemble(values, [{ name: 'naive', fit: (h) => fitNaive(h) }, ...], { horizon: 12 });
 * ensemble.forecast(12, [80, 95]);
 */
export function fitEnsemble(
  history: readonly number[],
  members: readonly EnsembleMember[],
  options: EnsembleOptions,
): FittedEnsemble {
  if (members.length === 0) {
    throw new DyocenseError({ code: 'invalid_input', message: 'an ensemble needs at least one member' });
  }
  const combination = options.combination ?? 'median';
  const windows = options.windows ?? 3;
  const step = options.step ?? options.horizon;
  const seasonPeriod = options.seasonPeriod ?? 1;
  const dropped: { name: string; reason: string }[] = [];
  const usable: Usable[] = [];
  for (const member of members) {
    try {
      const model = member.fit(history);
      let validation = member.crossValidation;
      if (validation === undefined) {
        try {
          validation = crossValidate(history, member.fit, {
            horizon: options.horizon,
            windows,
            step,
            seasonPeriod,
          });
        } catch (error) {
          if (!(DyocenseError.isInstance(error) && error.code === 'insufficient_data')) throw error;
        }
      }
      usable.push({ name: member.name, model, crossValidation: validation });
    } catch (error) {
      dropped.push({ name: member.name, reason: reasonOf(error) });
    }
  }
  if (usable.length === 0) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `no ensemble member could be fitted: ${dropped.map((member) => `${member.name} (${member.reason})`).join('; ')}`,
    });
  }
  const validated = usable.every((member) => member.crossValidation !== undefined);
  const scores = usable.map((member) => {
    const validation = member.crossValidation;
    if (validation === undefined) return 1;
    const score = validation.mase ?? validation.mae;
    return score > 0 ? score : Number.MIN_VALUE;
  });
  const inverse = scores.map((score) => 1 / score);
  const inverseTotal = inverse.reduce((sum, value) => sum + value, 0);
  const weights =
    combination === 'weighted_mean' && validated && Number.isFinite(inverseTotal)
      ? inverse.map((value) => value / inverseTotal)
      : usable.map(() => 1 / usable.length);
  const combine = (series: readonly (readonly number[])[]): number[] =>
    combineForecasts(series, combination, weights);
  const errors: number[][] = [];
  if (validated) {
    const windowCount = Math.min(...usable.map((member) => member.crossValidation?.windows.length ?? 0));
    for (let window = 0; window < windowCount; window++) {
      const forecasts = usable.map(
        (member) => (member.crossValidation as CrossValidation).windows[window]?.forecast.mean ?? [],
      );
      const firstValidation = usable[0]?.crossValidation as CrossValidation;
      const actual = firstValidation.windows[window]?.actual ?? [];
      const combined = combine(forecasts);
      errors.push(combined.map((value, index) => (actual[index] as number) - value));
    }
  }
  const fitted = history.map((_, index) => {
    const values = usable.map((member) => member.model.fitted[index] ?? null);
    if (values.some((value) => value === null || !Number.isFinite(value))) return null;
    return combine(values.map((value) => [value as number]))[0] as number;
  });
  const names = usable.map((member) => member.model.method);
  const parameters: Record<string, number> = {};
  usable.forEach((member, index) => {
    parameters[`weight:${member.name}`] = weights[index] as number;
  });
  return {
    method: `Ensemble(${combination}: ${names.join(', ')})`,
    parameters,
    fitted,
    residuals: fitted.map((value, index) => (value === null ? null : (history[index] as number) - value)),
    members: usable.map((member, index) => ({
      name: member.name,
      method: member.model.method,
      weight: weights[index] as number,
    })),
    dropped,
    crossValidationErrors: errors,
    forecast(horizon: number, levels: readonly number[]): ModelForecast {
      const forecasts = usable.map((member) => member.model.forecast(horizon, levels));
      const mean = combine(forecasts.map((forecast) => forecast.mean));
      const combined: PredictionInterval[] = levels.map((level) => {
        const bounds = forecasts.map((forecast) =>
          forecast.intervals.find((interval) => interval.level === level),
        );
        const lower = combine(bounds.map((bound, index) => bound?.lower ?? forecasts[index]?.mean ?? mean));
        const upper = combine(bounds.map((bound, index) => bound?.upper ?? forecasts[index]?.mean ?? mean));
        return {
          level,
          lower: lower.map((value, index) => Math.min(value, mean[index] as number)),
          upper: upper.map((value, index) => Math.max(value, mean[index] as number)),
        };
      });
      if (!validated) return { mean, intervals: combined };
      // Both estimates of the spread are optimistic: the members' intervals assume their model is right, and
      // the cross-validation windows reuse parameters estimated on the whole history. Each side takes the
      // wider of the two, so the ensemble under-covers only where both do.
      const conformal = conformalIntervals(mean, errors, levels);
      const intervals = levels.map((level, index) => {
        const fromErrors = conformal[index] as PredictionInterval;
        const fromMembers = combined[index] as PredictionInterval;
        return {
          level,
          lower: fromErrors.lower.map((value, step) => Math.min(value, fromMembers.lower[step] as number)),
          upper: fromErrors.upper.map((value, step) => Math.max(value, fromMembers.upper[step] as number)),
        };
      });
      return { mean, intervals };
    },
  };
}
