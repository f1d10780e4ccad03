import { toLocalDateParts } from '@dyocense/core';

/** Which features the regression uses. */
export interface FeatureSpecification {
  /** Lags in observations, sorted ascending, unique, each at least 1. */
  readonly lags: readonly number[];
  /** Rolling windows in observations, sorted ascending, unique, each at least 1. */
  readonly rollingWindows: readonly number[];
  readonly dayOfWeek: boolean;
  readonly month: boolean;
  readonly hourOfDay: boolean;
  /** Names of exogenous regressors, in column order. */
  readonly exogenousNames: readonly string[];
  /** IANA zone whose calendar defines weekdays, months and hours. */
  readonly timeZone: string;
}

/** The kind of a feature, so explanations can be grouped. */
export type FeatureGroup = 'lag' | 'rolling' | 'calendar' | 'exogenous';

/** A feature's column name and group. */
export interface FeatureDescription {
  readonly name: string;
  readonly group: FeatureGroup;
}

const weekdayNames = ['tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const monthNames = [
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;
/** Harmonics of the daily cycle for hour-of-day effects (a smooth daily profile in 6 columns, not 23 dummies). */
const hourHarmonics = 3;

/** Column names and groups, in column order: lags, rolling mean and sd per window, calendar, exogenous. */
export function describeFeatures(specification: FeatureSpecification): FeatureDescription[] {
  const features: FeatureDescription[] = [];
  for (const lag of specification.lags) features.push({ name: `lag_${lag}`, group: 'lag' });
  for (const window of specification.rollingWindows) {
    features.push({ name: `rolling_mean_${window}`, group: 'rolling' });
    // The spread of one value is always zero.
    if (window > 1) features.push({ name: `rolling_sd_${window}`, group: 'rolling' });
  }
  if (specification.dayOfWeek)
    for (const day of weekdayNames) features.push({ name: `day_${day}`, group: 'calendar' });
  if (specification.month)
    for (const month of monthNames) features.push({ name: `month_${month}`, group: 'calendar' });
  if (specification.hourOfDay) {
    for (let harmonic = 1; harmonic <= hourHarmonics; harmonic++) {
      features.push({ name: `hour_sin_${harmonic}`, group: 'calendar' });
      features.push({ name: `hour_cos_${harmonic}`, group: 'calendar' });
    }
  }
  for (const name of specification.exogenousNames)
    features.push({ name: `exogenous_${name}`, group: 'exogenous' });
  return features;
}

/** Number of lag and rolling columns (they come first). */
export function dynamicWidth(specification: FeatureSpecification): number {
  return (
    specification.lags.length +
    specification.rollingWindows.reduce((count, window) => count + (window > 1 ? 2 : 1), 0)
  );
}

/** The first time index whose lags and windows lie entirely in the past: max(largest lag, largest window). */
export function firstFeatureIndex(specification: FeatureSpecification): number {
  return Math.max(0, ...specification.lags, ...specification.rollingWindows);
}

/**
 * Writes the lag and rolling features of time `index` into `row` from position 0. Reads only `series[index - k]`
 * for k ≥ 1, never `series[index]` or later, so a feature row can never see the value it predicts.
 */
export function writeDynamicFeatures(
  series: ArrayLike<number>,
  index: number,
  specification: FeatureSpecification,
  row: Float64Array,
): void {
  let position = 0;
  for (const lag of specification.lags) row[position++] = series[index - lag] as number;
  for (const window of specification.rollingWindows) {
    let mean = 0;
    for (let back = 1; back <= window; back++) mean += (series[index - back] as number) / window;
    row[position++] = mean;
    if (window > 1) {
      let squares = 0;
      for (let back = 1; back <= window; back++) squares += ((series[index - back] as number) - mean) ** 2;
      row[position++] = Math.sqrt(squares / (window - 1));
    }
  }
}

/**
 * The features known in advance for an observation at `timestamp` (calendar fields in the specification's zone,
 * and the exogenous values of that time): the columns after the dynamic ones.
 */
export function staticFeatures(
  timestamp: number,
  exogenousValues: readonly number[],
  specification: FeatureSpecification,
): Float64Array {
  const values: number[] = [];
  if (specification.dayOfWeek || specification.month || specification.hourOfDay) {
    const parts = toLocalDateParts(timestamp, specification.timeZone);
    if (specification.dayOfWeek)
      for (let day = 2; day <= 7; day++) values.push(parts.weekday === day ? 1 : 0);
    if (specification.month)
      for (let month = 2; month <= 12; month++) values.push(parts.month === month ? 1 : 0);
    if (specification.hourOfDay) {
      const angle = (2 * Math.PI * (parts.hour + parts.minute / 60)) / 24;
      for (let harmonic = 1; harmonic <= hourHarmonics; harmonic++) {
        values.push(Math.sin(harmonic * angle), Math.cos(harmonic * angle));
      }
    }
  }
  values.push(...exogenousValues);
  return Float64Array.from(values);
}

/** A design matrix over the history: one row per time index from {@link firstFeatureIndex} on. */
export interface Design {
  /** Feature columns (column-major), `rowCount` long each. */
  readonly columns: Float64Array[];
  /** The value each row predicts. */
  readonly target: Float64Array;
  /** Time index of row 0. */
  readonly firstIndex: number;
  readonly rowCount: number;
}

/**
 * The design matrix for `series` (already transformed) given the static features of every time index.
 * Row r describes time `firstIndex + r` using only earlier values of the series.
 */
export function buildDesign(
  series: readonly number[],
  staticRows: readonly Float64Array[],
  specification: FeatureSpecification,
): Design {
  const firstIndex = firstFeatureIndex(specification);
  const rowCount = Math.max(0, series.length - firstIndex);
  const dynamic = dynamicWidth(specification);
  const staticCount = staticRows[0]?.length ?? 0;
  const columns = Array.from({ length: dynamic + staticCount }, () => new Float64Array(rowCount));
  const target = new Float64Array(rowCount);
  const row = new Float64Array(dynamic);
  for (let offset = 0; offset < rowCount; offset++) {
    const index = firstIndex + offset;
    writeDynamicFeatures(series, index, specification, row);
    for (let column = 0; column < dynamic; column++)
      (columns[column] as Float64Array)[offset] = row[column] as number;
    const known = staticRows[index] as Float64Array;
    for (let column = 0; column < staticCount; column++) {
      (columns[dynamic + column] as Float64Array)[offset] = known[column] as number;
    }
    target[offset] = series[index] as number;
  }
  return { columns, target, firstIndex, rowCount };
}
