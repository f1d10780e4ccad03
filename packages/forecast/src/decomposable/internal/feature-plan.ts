import { DyocenseError } from '@dyocense/core';
import type { ComponentMode, ResolvedDecomposableOptions } from '../decomposable-options.js';
import { type HolidayKey, holidayOccurrences, toDayIndex } from './holiday-occurrences.js';

const millisecondsPerDay = 86_400_000;

/** What a feature column belongs to. */
export type FeatureKind = 'seasonality' | 'holiday' | 'regressor';

/** One column of the seasonality/holiday/regressor design. */
export interface FeatureColumn {
  readonly name: string;
  /** The component it adds to: a seasonality, holiday or regressor name. */
  readonly component: string;
  readonly kind: FeatureKind;
  readonly mode: ComponentMode;
  readonly priorScale: number;
}

interface SeasonalitySpec {
  readonly name: string;
  readonly periodDays: number;
  readonly order: number;
  readonly mode: ComponentMode;
  readonly priorScale: number;
}

interface RegressorSpec {
  readonly name: string;
  readonly mean: number;
  readonly scale: number;
  readonly mode: ComponentMode;
  readonly priorScale: number;
}

/** How to turn timestamps (and regressor values) into feature columns, fixed at fit time. */
export interface FeaturePlan {
  readonly seasonalities: readonly SeasonalitySpec[];
  readonly holidayKeys: readonly HolidayKey[];
  readonly regressors: readonly RegressorSpec[];
  readonly columns: readonly FeatureColumn[];
}

function resolveOrder(setting: 'auto' | boolean | number, automatic: boolean, defaultOrder: number): number {
  if (setting === 'auto') return automatic ? defaultOrder : 0;
  if (setting === true) return defaultOrder;
  if (setting === false) return 0;
  return setting;
}

/**
 * The feature plan for a history, with Prophet's automatic seasonalities: yearly when the history spans at least
 * two years, weekly when it spans two weeks with observations less than a week apart, daily when it spans two
 * days with observations less than a day apart. Holiday columns are those with at least one day in the history.
 *
 * @throws DyocenseError `invalid_input` for duplicate component names, regressor values of the wrong length or a
 * constant regressor.
 */
export function createFeaturePlan(
  timestamps: readonly number[],
  options: ResolvedDecomposableOptions,
): FeaturePlan {
  const first = timestamps[0] ?? 0;
  const last = timestamps[timestamps.length - 1] ?? 0;
  const spanDays = (last - first) / millisecondsPerDay;
  let smallestGap = Number.POSITIVE_INFINITY;
  for (let index = 1; index < timestamps.length; index += 1) {
    smallestGap = Math.min(
      smallestGap,
      ((timestamps[index] ?? 0) - (timestamps[index - 1] ?? 0)) / millisecondsPerDay,
    );
  }
  const seasonalityDefaults = { mode: options.seasonalityMode, priorScale: options.seasonalityPriorScale };
  const seasonalities: SeasonalitySpec[] = [];
  const builtIn = [
    {
      name: 'yearly',
      periodDays: 365.25,
      order: resolveOrder(options.yearlySeasonality, spanDays >= 730, 10),
    },
    {
      name: 'weekly',
      periodDays: 7,
      order: resolveOrder(options.weeklySeasonality, spanDays >= 14 && smallestGap < 7, 3),
    },
    {
      name: 'daily',
      periodDays: 1,
      order: resolveOrder(options.dailySeasonality, spanDays >= 2 && smallestGap < 1, 4),
    },
  ];
  for (const seasonality of builtIn) {
    if (seasonality.order > 0) seasonalities.push({ ...seasonality, ...seasonalityDefaults });
  }
  for (const custom of options.seasonalities) {
    seasonalities.push({
      name: custom.name,
      periodDays: custom.periodDays,
      order: custom.fourierOrder,
      mode: custom.mode ?? options.seasonalityMode,
      priorScale: custom.priorScale ?? options.seasonalityPriorScale,
    });
  }

  const { byDay, keys } = holidayOccurrences(options, toDayIndex(first), toDayIndex(last));
  const used = new Set<string>();
  for (const timestamp of timestamps) {
    for (const entry of byDay.get(toDayIndex(timestamp)) ?? []) used.add(entry.key);
  }
  const holidayKeys = [...keys.values()].filter((entry) => used.has(entry.key));

  const regressors: RegressorSpec[] = options.regressors.map((regressor) => {
    if (regressor.values.length !== timestamps.length) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Regressor '${regressor.name}' has ${regressor.values.length} values; it needs one per timestamp (${timestamps.length}).`,
      });
    }
    let total = 0;
    for (const value of regressor.values) total += value;
    const mean = total / regressor.values.length;
    let squares = 0;
    for (const value of regressor.values) squares += (value - mean) ** 2;
    const deviation = regressor.values.length > 1 ? Math.sqrt(squares / (regressor.values.length - 1)) : 0;
    if (!(deviation > 1e-12 * Math.max(1, Math.abs(mean)))) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Regressor '${regressor.name}' is constant over the history, so its effect cannot be estimated.`,
      });
    }
    const binary = regressor.values.every((value) => value === 0 || value === 1);
    const standardize = regressor.standardize === 'auto' ? !binary : regressor.standardize;
    return {
      name: regressor.name,
      mean: standardize ? mean : 0,
      scale: standardize ? deviation : 1,
      mode: regressor.mode ?? options.seasonalityMode,
      priorScale: regressor.priorScale ?? 10,
    };
  });

  const names = new Set<string>();
  const components = [
    ...seasonalities.map((seasonality) => seasonality.name),
    ...new Set(holidayKeys.map((entry) => entry.holiday)),
    ...regressors.map((regressor) => regressor.name),
  ];
  for (const name of components) {
    if (names.has(name) || name === 'trend') {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Component name '${name}' is used twice (or is reserved); give seasonalities, events and regressors distinct names.`,
      });
    }
    names.add(name);
  }

  const columns: FeatureColumn[] = [];
  for (const seasonality of seasonalities) {
    for (let harmonic = 1; harmonic <= seasonality.order; harmonic += 1) {
      for (const wave of ['sin', 'cos']) {
        columns.push({
          name: `${seasonality.name}_${wave}${harmonic}`,
          component: seasonality.name,
          kind: 'seasonality',
          mode: seasonality.mode,
          priorScale: seasonality.priorScale,
        });
      }
    }
  }
  for (const entry of holidayKeys) {
    columns.push({
      name: entry.key,
      component: entry.holiday,
      kind: 'holiday',
      mode: entry.mode,
      priorScale: entry.priorScale,
    });
  }
  for (const regressor of regressors) {
    columns.push({
      name: regressor.name,
      component: regressor.name,
      kind: 'regressor',
      mode: regressor.mode,
      priorScale: regressor.priorScale,
    });
  }
  return { seasonalities, holidayKeys, regressors, columns };
}

/**
 * The feature columns of a plan at `timestamps`: Fourier terms `sin(2πn·d/P)`, `cos(2πn·d/P)` of the days `d`
 * since 1970-01-01 (as Prophet), 0/1 holiday indicators by UTC day, standardised regressors.
 *
 * @param regressorValues - one array per regressor of the plan, aligned with `timestamps`.
 */
export function buildFeatures(
  plan: FeaturePlan,
  timestamps: readonly number[],
  regressorValues: ReadonlyMap<string, readonly number[]>,
  options: ResolvedDecomposableOptions,
): Float64Array[] {
  const count = timestamps.length;
  const columns: Float64Array[] = [];
  const days = timestamps.map((timestamp) => timestamp / millisecondsPerDay);
  for (const seasonality of plan.seasonalities) {
    for (let harmonic = 1; harmonic <= seasonality.order; harmonic += 1) {
      const sine = new Float64Array(count);
      const cosine = new Float64Array(count);
      for (let index = 0; index < count; index += 1) {
        const angle = (2 * Math.PI * harmonic * (days[index] ?? 0)) / seasonality.periodDays;
        sine[index] = Math.sin(angle);
        cosine[index] = Math.cos(angle);
      }
      columns.push(sine, cosine);
    }
  }
  if (plan.holidayKeys.length > 0) {
    const first = toDayIndex(timestamps[0] ?? 0);
    const last = toDayIndex(timestamps[count - 1] ?? 0);
    const { byDay } = holidayOccurrences(options, first, last);
    const position = new Map(plan.holidayKeys.map((entry, index) => [entry.key, index]));
    const holidayColumns = plan.holidayKeys.map(() => new Float64Array(count));
    for (let index = 0; index < count; index += 1) {
      for (const entry of byDay.get(toDayIndex(timestamps[index] ?? 0)) ?? []) {
        const column = position.get(entry.key);
        if (column !== undefined) (holidayColumns[column] as Float64Array)[index] = 1;
      }
    }
    columns.push(...holidayColumns);
  }
  for (const regressor of plan.regressors) {
    const values = regressorValues.get(regressor.name) ?? [];
    columns.push(
      Float64Array.from(
        { length: count },
        (_, index) => ((values[index] ?? 0) - regressor.mean) / regressor.scale,
      ),
    );
  }
  return columns;
}
