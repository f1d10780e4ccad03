import { z } from 'zod';
import { DyocenseError, parseInput } from '../errors/index.js';
import { nextGrainStart } from '../time/next-grain-start.js';
import { isTimeZone } from '../time/time-zone.js';
import { toLocalDateParts } from '../time/to-local-date-parts.js';
import type { Aggregation } from './aggregation.js';
import type { Grain } from './frequency.js';
import { grainSchema } from './frequency.js';
import {
  compileKpi,
  type KpiDefinitionInput,
  periodDaysVariable,
  resolveAggregation,
} from './kpi-definition.js';
import { evaluateCompiledKpi, type KpiNullReason, referenceKey } from './kpi-evaluate.js';
import { resample } from './resample.js';
import { type TimeSeries, type TimeSeriesInput, timeSeriesSchema } from './series.js';

const dayMs = 86_400_000;

/** Calendar days in the bucket starting at `start` (1 on a 23-hour DST day; 1/24 for an hour). */
function periodDays(start: number, grain: Grain, timeZone: string): number {
  if (grain === 'hour') return 1 / 24;
  const from = toLocalDateParts(start, timeZone);
  const to = toLocalDateParts(nextGrainStart(start, grain, timeZone), timeZone);
  return (Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / dayMs;
}

/** Options of {@link computeKpiSeries}. */
export interface KpiSeriesOptions {
  /** The period each value covers. */
  readonly grain: Grain;
  /**
   * IANA zone whose local calendar defines the periods (a "day" is the tenant's local day). Defaults to
   * the metric series' common `timeZone`.
   */
  readonly timeZone?: string;
}

const optionsSchema = z.strictObject({
  grain: grainSchema,
  timeZone: z.string().min(1).refine(isTimeZone, { message: 'is not a known IANA time zone' }).optional(),
});

/**
 * A KPI per period, shaped as a {@link TimeSeries} (so forecasting and charts take it as is) plus, for
 * every `null` value, the reason.
 */
export interface KpiSeries extends TimeSeries {
  /** The KPI id. */
  readonly id: string;
  readonly frequency: Grain;
  /** The KPI's declared unit. */
  readonly unit: string;
  /** ISO code of a money KPI when the KPI or its metrics name one. */
  readonly currency?: string;
  /** `reasons[i]` explains why `values[i]` is `null`; it is `null` where there is a value. */
  readonly reasons: readonly (KpiNullReason | null)[];
}

/**
 * Computes a KPI for every period (bucket of `grain` in the local calendar) from the earliest to the latest
 * data point of its metrics.
 *
 * Each metric series is first aggregated per period with the aggregation the formula asks for (the
 * function written around it, else the metric's declared one), then the formula is evaluated on those
 * aggregates. A ratio KPI is therefore the ratio of the period's aggregates: a month's average order value
 * is the month's revenue over the month's orders, never the mean of daily averages. `period_days` is the
 * period's number of local calendar days (28 to 31 for a month). Partial first and last periods are
 * evaluated on the data they hold.
 *
 * Bucketing is {@link resample}'s: periods run from the earliest to the latest data point, so a period in
 * which no metric has data appears with `null` and reason `missing_input`.
 *
 * @returns timestamps are each period's first instant (local midnight for day and longer grains); a value is
 * `null` with reason `missing_input` when a metric has no data in the period, `division_by_zero` when a
 * divisor is 0, `overflow` when the result exceeds the range of a number. Never NaN or Infinity.
 * @throws DyocenseError `invalid_input` for an invalid KPI, a missing or malformed metric series, a series
 * with `period` frequency (no calendar) or a frequency coarser than `grain`, a period whose sum exceeds the
 * range of a number (from {@link resample}), or series in different time zones without `options.timeZone`.
 * @example
 * computeKpiSeries(getKpi('average_order_value'), { revenue, orders }, { grain: 'month', timeZone: 'Europe/Paris' });
 */
export function computeKpiSeries(
  kpi: KpiDefinitionInput,
  metricSeries: Readonly<Record<string, TimeSeriesInput>>,
  options: KpiSeriesOptions,
): KpiSeries {
  const compiled = compileKpi(kpi);
  const id = compiled.definition.id;
  const { grain, timeZone: requestedZone } = parseInput(optionsSchema, options, 'KPI series options');
  if (typeof metricSeries !== 'object' || metricSeries === null || Array.isArray(metricSeries)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `${id}: metric series must be an object of metric id to time series`,
    });
  }
  const series = new Map<string, TimeSeries>();
  for (const metricId of compiled.formula.metrics) {
    if (metricId === periodDaysVariable) continue;
    const input = Object.hasOwn(metricSeries, metricId) ? metricSeries[metricId] : undefined;
    if (input === undefined) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `${id}: needs a series for metric "${metricId}" (given: ${Object.keys(metricSeries).join(', ') || 'none'})`,
        issues: [{ path: [metricId], code: 'missing_series', message: 'no series for this metric' }],
      });
    }
    const parsed = parseInput(timeSeriesSchema, input, `series for metric "${metricId}"`);
    if (parsed.frequency === 'period') {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `${id}: the series for "${metricId}" is indexed by period number, so it has no calendar to group by ${grain}`,
      });
    }
    series.set(metricId, parsed);
  }
  const zones = [...new Set([...series.values()].map((each) => each.timeZone))];
  if (requestedZone === undefined && zones.length > 1) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `${id}: the metric series are in different time zones (${zones.join(', ')}); pass options.timeZone`,
    });
  }
  const timeZone = requestedZone ?? zones[0] ?? 'UTC';

  const starts = new Set<number>();
  const grouped = new Map<
    string,
    { readonly aggregation: Aggregation; readonly values: Map<number, number | null> }
  >();
  const labels = new Map<string, string>();
  for (const reference of compiled.formula.references) {
    if (reference.metric === periodDaysVariable) continue;
    const metric = compiled.metrics.get(reference.metric);
    const data = series.get(reference.metric);
    if (metric === undefined || data === undefined) continue;
    const aggregation: Aggregation = resolveAggregation(metric, reference.aggregation);
    const key = referenceKey(metric.id, aggregation);
    if (grouped.has(key)) continue;
    labels.set(key, reference.aggregation === null ? metric.id : key);
    const resampled = resample(data, { grain, aggregation, timeZone });
    const values = new Map<number, number | null>();
    resampled.timestamps.forEach((start, index) => {
      starts.add(start);
      values.set(start, resampled.values[index] ?? null);
    });
    grouped.set(key, { aggregation, values });
  }

  const timestamps = [...starts].sort((a, b) => a - b);
  const values: (number | null)[] = [];
  const reasons: (KpiNullReason | null)[] = [];
  for (const start of timestamps) {
    const resolved = new Map<string, number>([[periodDaysVariable, periodDays(start, grain, timeZone)]]);
    const missing: string[] = [];
    for (const [key, group] of grouped) {
      const value = group.values.get(start);
      if (value === undefined || value === null) missing.push(labels.get(key) ?? key);
      else resolved.set(key, value);
    }
    if (missing.length > 0) {
      values.push(null);
      reasons.push({
        code: 'missing_input',
        message: `${id}: no data for ${missing.join(', ')} in this ${grain}`,
      });
      continue;
    }
    const result = evaluateCompiledKpi(compiled, resolved);
    values.push(result.value);
    reasons.push(result.reason);
  }
  const currency = compiled.definition.currency ?? currencyFromFactors(compiled.inferredUnit.factors);
  return {
    id,
    metric: id,
    unit: compiled.definition.unit,
    ...(currency === undefined ? {} : { currency }),
    frequency: grain,
    timeZone,
    timestamps,
    values,
    reasons,
  };
}

function currencyFromFactors(factors: Readonly<Record<string, number>>): string | undefined {
  const key = Object.keys(factors).find((factor) => factor.startsWith('currency:'));
  return key === undefined ? undefined : key.slice('currency:'.length);
}
