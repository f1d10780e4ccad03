import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import type { FittedModel, ModelForecast } from '../model/fitted-model.js';
import { mae, seasonalNaiveScale, smape } from './point-metrics.js';

/** Fits a model to a numeric history (the seasonal period and other settings are closed over). */
export type ModelFitter = (history: readonly number[]) => FittedModel;

const optionsSchema = z
  .object({
    horizon: z.number().int().positive(),
    windows: z.number().int().positive().optional(),
    step: z.number().int().positive().optional(),
    initial: z.number().int().positive().optional(),
    levels: z.array(z.number().gt(0).lt(100)).default([]),
    seasonPeriod: z.number().int().positive().default(1),
  })
  .refine((options) => options.windows !== undefined || options.initial !== undefined, {
    message: 'give windows, initial or both',
  });

/**
 * Options of {@link crossValidate}:
 * - `horizon`: steps forecast from each origin;
 * - `windows`: number of forecast origins (the last one leaves exactly `horizon` points to forecast);
 * - `step`: points between consecutive origins (default `horizon`, i.e. non-overlapping test windows);
 * - `initial`: smallest training size; with `windows` omitted, as many windows as fit after it;
 * - `levels`: interval levels (percent) to request from the model in each window (default none);
 * - `seasonPeriod`: period of the MASE scale (default 1).
 */
export type CrossValidateOptions = z.input<typeof optionsSchema>;

/** One forecast origin of a rolling-origin evaluation. */
export interface CrossValidationWindow {
  /** Number of history points the model was fitted on (the origin). */
  readonly trainSize: number;
  readonly actual: readonly number[];
  readonly forecast: ModelForecast;
  /** `actual - forecast.mean`, per step. */
  readonly errors: readonly number[];
}

/** Result of {@link crossValidate}: every window and the scores averaged over windows. */
export interface CrossValidation {
  readonly windows: readonly CrossValidationWindow[];
  /** Mean over windows of each window's MAE. */
  readonly mae: number;
  /** Mean over windows of each window's sMAPE (percent). */
  readonly smape: number;
  /**
   * Mean over windows of each window's MASE (scale from that window's training data); `null` when no window
   * has a defined scale.
   */
  readonly mase: number | null;
}

/**
 * Rolling-origin cross-validation (Tashman 2000): refits the model at each origin on the data before it and
 * forecasts the next `horizon` points.
 *
 * @param series - the full history, equally spaced, finite values.
 * @param fitter - fits the model to a training prefix.
 * @throws DyocenseError `invalid_input` for bad options or non-finite values; `insufficient_data` when the
 * series is too short for the requested windows (at least 2 training points per origin).
 * @example
 * const result = crossValidate(values, (history) => fitMyModel(history), { horizon: 6, windows: 3 });
 * result.mase;
 */
export function crossValidate(
  series: readonly number[],
  fitter: ModelFitter,
  options: CrossValidateOptions,
): CrossValidation {
  const parsed = parseInput(optionsSchema, options, 'cross-validation options');
  if (series.some((value) => !Number.isFinite(value))) {
    throw new DyocenseError({ code: 'invalid_input', message: 'cross-validation needs finite values' });
  }
  const { horizon, levels, seasonPeriod } = parsed;
  const step = parsed.step ?? horizon;
  const lastOrigin = series.length - horizon;
  const minimum = Math.max(parsed.initial ?? 2, 2);
  const windowCount = parsed.windows ?? Math.floor((lastOrigin - minimum) / step) + 1;
  const firstOrigin = lastOrigin - (windowCount - 1) * step;
  if (windowCount < 1 || firstOrigin < minimum) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `cross-validation with horizon ${horizon}, ${Math.max(windowCount, 1)} window(s) and step ${step} needs at least ${minimum + horizon + (Math.max(windowCount, 1) - 1) * step} points, got ${series.length}`,
    });
  }
  const windows: CrossValidationWindow[] = [];
  let maeSum = 0;
  let smapeSum = 0;
  let maseSum = 0;
  let maseCount = 0;
  for (let origin = firstOrigin; origin <= lastOrigin; origin += step) {
    const train = series.slice(0, origin);
    const actual = series.slice(origin, origin + horizon);
    const forecast = fitter(train).forecast(horizon, levels);
    const errors = actual.map((value, index) => value - (forecast.mean[index] as number));
    windows.push({ trainSize: origin, actual, forecast, errors });
    const windowMae = mae(actual, forecast.mean);
    maeSum += windowMae;
    smapeSum += smape(actual, forecast.mean);
    const scale = seasonalNaiveScale(train, train.length > seasonPeriod ? seasonPeriod : 1);
    if (scale !== null) {
      maseSum += windowMae / scale;
      maseCount++;
    }
  }
  return {
    windows,
    mae: maeSum / windows.length,
    smape: smapeSum / windows.length,
    mase: maseCount === 0 ? null : maseSum / maseCount,
  };
}
