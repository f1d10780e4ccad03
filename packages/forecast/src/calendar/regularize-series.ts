import {
  DyocenseError,
  type Frequency,
  type FrequencyGap,
  findGaps,
  inferFrequency,
  type TimeSeries,
} from '@dyocense/core';
import { addPeriods } from './add-periods.js';
import { formatTimestamp } from './format-timestamp.js';

/** What to do with missing observations (gaps in the timestamps and `null` values). */
export type GapPolicy = 'error' | 'interpolate' | 'zero_fill';

/** Options of {@link regularizeSeries}. */
export interface RegularizeOptions {
  /** Default `error`. */
  readonly gapPolicy?: GapPolicy;
  /** The series' frequency; inferred with core's `inferFrequency` when omitted (and not set on the series). */
  readonly frequency?: Frequency;
  /** Units of the frequency per observation; inferred when omitted. */
  readonly step?: number;
}

/** An equally spaced series without missing values, ready for the models. */
export interface RegularSeries {
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
  readonly frequency: Frequency;
  readonly step: number;
  readonly timeZone: string;
  /** Number of observations that were missing and filled. */
  readonly filled: number;
  /** Human-readable notes: filled gaps (named), dropped leading or trailing missing values, irregular spacing. */
  readonly warnings: readonly string[];
}

const listedGaps = 5;

function describeGaps(
  gaps: readonly { after: string; before: string; missing: number }[],
  verb: string,
): string {
  const total = gaps.reduce((sum, gap) => sum + gap.missing, 0);
  const named = gaps
    .slice(0, listedGaps)
    .map((gap) => `${gap.missing} between ${gap.after} and ${gap.before}`)
    .join(', ');
  const more = gaps.length > listedGaps ? ` and ${gaps.length - listedGaps} more gap(s)` : '';
  return `${total} missing observation(s) ${verb}: ${named}${more}`;
}

/**
 * Turns a validated time series into an equally spaced, gap-free numeric history: infers the frequency (or uses
 * the given one), finds gaps in the timestamps (business-day data keeps its weekend gaps) and `null` values,
 * and applies the gap policy: `error` throws, `interpolate` fills linearly between neighbours (leading and
 * trailing missing values are dropped), `zero_fill` fills zeros (right for counts and sales). Every fill adds a
 * warning naming the gaps.
 *
 * @throws DyocenseError `invalid_input` for gaps under the `error` policy (the message names them);
 * `insufficient_data` when no observed value remains.
 */
export function regularizeSeries(series: TimeSeries, options: RegularizeOptions = {}): RegularSeries {
  const gapPolicy = options.gapPolicy ?? 'error';
  const warnings: string[] = [];
  let frequency: Frequency = options.frequency ?? series.frequency ?? 'period';
  let step = options.step ?? 1;
  let timeZone = series.timeZone;
  let businessDays = false;
  if (series.timestamps.length >= 2 && (options.frequency === undefined || options.step === undefined)) {
    const inference = inferFrequency(series.timestamps, { timeZone: series.timeZone });
    if (options.frequency === undefined && series.frequency === undefined) frequency = inference.frequency;
    if (options.step === undefined && inference.frequency === frequency) step = inference.step;
    timeZone = inference.timeZone;
    businessDays = inference.businessDays;
    if (inference.irregular) {
      warnings.push(
        `some timestamps are not a whole number of ${frequency} steps apart; the series is treated as equally spaced`,
      );
    }
  }
  const gaps: FrequencyGap[] =
    series.timestamps.length >= 2
      ? findGaps(series.timestamps, { frequency, step, timeZone }).filter(
          (gap) => !(businessDays && gap.weekend),
        )
      : [];
  const timestamps: number[] = [];
  const values: (number | null)[] = [];
  let gapIndex = 0;
  for (let index = 0; index < series.timestamps.length; index++) {
    const timestamp = series.timestamps[index] as number;
    timestamps.push(timestamp);
    values.push(series.values[index] ?? null);
    const gap = gaps[gapIndex];
    if (gap !== undefined && gap.after === timestamp) {
      for (let missing = 1; missing <= gap.missing; missing++) {
        timestamps.push(addPeriods(timestamp, frequency, step, timeZone, missing));
        values.push(null);
      }
      gapIndex++;
    }
  }
  const format = (timestamp: number): string => formatTimestamp(timestamp, frequency, timeZone);
  const runs: { after: string; before: string; missing: number; start: number; end: number }[] = [];
  for (let index = 0; index < values.length; index++) {
    if (values[index] !== null) continue;
    let end = index;
    while (end + 1 < values.length && values[end + 1] === null) end++;
    runs.push({
      after: index === 0 ? 'the start' : format(timestamps[index - 1] as number),
      before: end === values.length - 1 ? 'the end' : format(timestamps[end + 1] as number),
      missing: end - index + 1,
      start: index,
      end,
    });
    index = end;
  }
  if (runs.length > 0 && gapPolicy === 'error') {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `series "${series.id}" has ${describeGaps(runs, 'missing')}; choose gapPolicy "interpolate" or "zero_fill"`,
      details: { gaps: runs.map(({ after, before, missing }) => ({ after, before, missing })) },
    });
  }
  let first = 0;
  let last = values.length - 1;
  if (gapPolicy === 'interpolate') {
    while (first <= last && values[first] === null) first++;
    while (last >= first && values[last] === null) last--;
  }
  if (first > last) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `series "${series.id}" has no observed values`,
    });
  }
  const filled: number[] = [];
  let count = 0;
  for (let index = first; index <= last; index++) {
    const value = values[index];
    if (value !== null && value !== undefined) {
      filled.push(value);
      continue;
    }
    count++;
    if (gapPolicy === 'zero_fill') {
      filled.push(0);
      continue;
    }
    let next = index + 1;
    while (values[next] === null) next++;
    const before = filled[filled.length - 1] as number;
    const after = values[next] as number;
    const previousIndex = index - 1;
    filled.push(before + ((after - before) * (index - previousIndex)) / (next - previousIndex));
  }
  if (runs.length > 0) {
    const inside = runs.filter((run) => run.start >= first && run.end <= last);
    if (inside.length > 0) {
      warnings.push(
        describeGaps(
          inside,
          gapPolicy === 'zero_fill' ? 'filled with zeros' : 'filled by linear interpolation',
        ),
      );
    }
    const dropped = runs.filter((run) => run.start < first || run.end > last);
    if (dropped.length > 0) {
      warnings.push(describeGaps(dropped, 'at the start or end dropped (nothing to interpolate from)'));
    }
  }
  return {
    timestamps: timestamps.slice(first, last + 1),
    values: filled,
    frequency,
    step,
    timeZone,
    filled: count,
    warnings,
  };
}
