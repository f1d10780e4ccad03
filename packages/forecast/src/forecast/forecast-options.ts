import { frequencySchema } from '@dyocense/core';
import { z } from 'zod';
import { decomposableOptionsSchema } from '../decomposable/decomposable-options.js';

/** Models `forecast` and `fit` accept; `auto` picks one per series by cross-validation, `ensemble` combines. */
export const forecastModelNames = [
  'auto',
  'ensemble',
  'arima',
  'ets',
  'theta',
  'optimized_theta',
  'ces',
  'naive',
  'snaive',
  'naive2',
  'drift',
  'mean',
  'croston',
  'sba',
  'tsb',
  'prophet',
  'mstl',
  'regression',
] as const;

/** One of {@link forecastModelNames}. */
export type ForecastModelName = (typeof forecastModelNames)[number];

const level = z.number().gt(0, 'must be above 0').lt(100, 'must be below 100');
const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const exogenous = z.record(z.string().min(1), z.array(finite));

/** The Prophet-style settings `forecast` passes through; regressors come from `exogenous`, the seed from `seed`. */
const prophetOptionsSchema = decomposableOptionsSchema.pick({
  growth: true,
  cap: true,
  floor: true,
  changepointCount: true,
  changepointRange: true,
  changepointPriorScale: true,
  yearlySeasonality: true,
  weeklySeasonality: true,
  dailySeasonality: true,
  seasonalities: true,
  seasonalityMode: true,
  seasonalityPriorScale: true,
  holidays: true,
  events: true,
  holidaysPriorScale: true,
});

/**
 * Options of `forecast`, `fit` and `forecastBatch`:
 * - `horizon` (required): steps to forecast, 1..10 000;
 * - `levels`: interval coverage levels in percent (default `[80, 95]`);
 * - `model`: default `auto`;
 * - `seasonPeriod`: observations per season; default from the frequency (`seasonPeriods`);
 * - `frequency`: the series' frequency; default inferred from the timestamps;
 * - `gapPolicy`: `error` (default), `interpolate` or `zero_fill` for missing observations;
 * - `transform`: `none` (default), `log` or `boxcox` (lambda by Guerrero's method unless `lambda` is given);
 *   forecasts are back-transformed with bias adjustment, so they are means, not medians;
 * - `nonNegative`: clip forecasts and bounds at 0; default true when the history has no negative value;
 * - `seed`: for methods that simulate (default 1); equal inputs and seed give equal outputs;
 * - `combination`: how `ensemble` combines its members, `median` (default) or `weighted_mean` (by CV MASE);
 * - `members`: the ensemble's members (default ETS, ARIMA, CES and DOTM, the ones available);
 * - `crossValidationWindows`: rolling origins used by `auto` and `ensemble` (default 5);
 * - `seasonPeriods`: the cycles `mstl` removes, in observations (e.g. `[24, 168]` hourly, `[7, 365.25]` daily);
 *   default from the frequency, keeping the longer cycle only when two of them fit in the history;
 * - `exogenous`: regressors for `prophet` and `regression` (price, promotion flag, marketing spend), by name,
 *   one value per timestamp of the series; `futureExogenous` holds their values for the forecast steps
 *   (at least `horizon` each);
 * - `prophet`: settings of the Prophet-style model: `growth` (`linear`, `logistic` with `cap`, `flat`),
 *   `seasonalityMode` (`additive`, `multiplicative`), `holidays` (`{ country: 'GB' }`), user `events`
 *   (`{ name, dates }`), changepoint and seasonality settings (see `fitDecomposable`).
 */
export const forecastOptionsSchema = z.object({
  horizon: z.number().int().min(1).max(10_000),
  levels: z
    .array(level)
    .max(20)
    .default([80, 95])
    .transform((levels) => [...new Set(levels)]),
  model: z.enum(forecastModelNames).default('auto'),
  seasonPeriod: z.number().int().min(1).max(10_000).optional(),
  frequency: frequencySchema.optional(),
  gapPolicy: z.enum(['error', 'interpolate', 'zero_fill']).default('error'),
  transform: z.enum(['none', 'log', 'boxcox']).default('none'),
  lambda: z.number().min(-1).max(2).optional(),
  nonNegative: z.boolean().optional(),
  seed: z.number().int().default(1),
  combination: z.enum(['median', 'weighted_mean']).default('median'),
  members: z
    .array(z.enum(forecastModelNames).exclude(['auto', 'ensemble']))
    .min(1)
    .optional(),
  crossValidationWindows: z.number().int().min(1).max(20).default(5),
  seasonPeriods: z.array(z.number().min(2).max(100_000)).min(1).max(12).optional(),
  exogenous: exogenous.optional(),
  futureExogenous: exogenous.optional(),
  prophet: prophetOptionsSchema.optional(),
});

/** Input accepted by {@link forecastOptionsSchema}. */
export type ForecastOptions = z.input<typeof forecastOptionsSchema>;
/** Parsed options, defaults applied. */
export type ResolvedForecastOptions = z.output<typeof forecastOptionsSchema>;
