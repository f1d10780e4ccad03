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
  /**
   * Factor (at least 1) on the half-widths of the conformal intervals; default 1. Above 1 where the
   * cross-validation windows are optimistic, e.g. because they reuse parameters estimated on the whole history.
   */
  readonly conformalWidening?: number;
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
 * is undefined) of the members' forecasts. The intervals are conformal, from the ensemble's own
 * cross-validation errors, their half-widths multiplied by `conformalWidening`. Members that fail to fit are
 * dropped and listed. Without enough history for cross-validation, the members get equal weights and the
 * intervals are the members' bounds combined the same way as the points.
 *
 * @throws DyocenseError `insufficient_data` when no member can be fitted; `invalid_input` without members or
 *   for a `conformalWidening` below 1 or not finite.
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
  const widening = options.conformalWidening ?? 1;
  if (!(Number.isFinite(widening) && widening >= 1)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `conformalWidening must be a finite number of at least 1, got ${widening}`,
    });
  }
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
      if (validated) {
        const intervals = conformalIntervals(mean, errors, levels).map((interval) => ({
          level: interval.level,
          lower: interval.lower.map(
            (value, step) => (mean[step] as number) - widening * ((mean[step] as number) - value),
          ),
          upper: interval.upper.map(
            (value, step) => (mean[step] as number) + widening * (value - (mean[step] as number)),
          ),
        }));
        return { mean, intervals };
      }
      const intervals: PredictionInterval[] = levels.map((level) => {
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
      return { mean, intervals };
    },
  };
}
