import { z } from 'zod';
import { DyocenseError } from '../errors/dyocense-error.js';
import { parseInput } from '../errors/parse-input.js';
import { monthSchema, weekdaySchema } from '../time/calendar-options.js';
import { instantSchema } from '../time/instant.js';
import { hourMs } from '../time/internal/calendar.js';
import { grainEnd, grainStart } from '../time/internal/grain-boundaries.js';
import { offsetTableOf } from '../time/internal/zone-offset.js';
import { timeZoneSchema } from '../time/time-zone.js';
import { type Aggregation, aggregationSchema } from './aggregation.js';
import { type Grain, grainSchema } from './frequency.js';
import { frequencyRank } from './internal/calendar-intervals.js';
import { stableMean, stableSum } from './internal/stable-sum.js';
import { type TimeSeries, type TimeSeriesInput, timeSeriesSchema } from './series.js';

const optionsSchema = z.object({
  grain: grainSchema,
  aggregation: aggregationSchema,
  timeZone: timeZoneSchema.optional(),
  weekStartsOn: weekdaySchema.default(1),
  fiscalYearStartMonth: monthSchema.default(1),
});

/**
 * Options of {@link resample}: target `grain`, the metric's `aggregation`, and the calendar: `timeZone`
 * (IANA, default the series' zone), `weekStartsOn` (ISO weekday, default 1 = Monday) and
 * `fiscalYearStartMonth` (default 1 = January) for quarters and years.
 */
export type ResampleOptions = z.input<typeof optionsSchema>;

/** Most buckets one call may produce (a century of hours fits). */
const maxBuckets = 1_000_000;

/** Longest possible bucket per grain (DST adds at most an hour), used to reject huge outputs early. */
const longestBucket: Readonly<Record<Grain, number>> = {
  hour: hourMs,
  day: 25 * hourMs,
  week: 169 * hourMs,
  month: 745 * hourMs,
  quarter: 2209 * hourMs,
  year: 8785 * hourMs,
};

function aggregate(values: readonly number[], aggregation: Aggregation, bucketStart: number): number | null {
  if (aggregation === 'count') return values.length;
  if (values.length === 0) return null;
  switch (aggregation) {
    case 'sum': {
      const sum = stableSum(values);
      if (sum === undefined) {
        throw new DyocenseError({
          code: 'invalid_input',
          message: `The sum of the bucket starting ${new Date(bucketStart).toISOString()} is too large to represent`,
          details: { bucketStart },
        });
      }
      return sum;
    }
    case 'mean':
      return stableMean(values);
    case 'min':
      return values.reduce((smallest, value) => Math.min(smallest, value));
    case 'max':
      return values.reduce((largest, value) => Math.max(largest, value));
    case 'first':
      return values[0] as number;
    case 'last':
      return values.at(-1) as number;
  }
}

/**
 * Resamples a series to a coarser calendar grain with the metric's aggregation, on the tenant's local calendar.
 *
 * Each point falls in the local bucket (hour, day, ISO week, month, quarter, year) containing its timestamp; a
 * local day lasts 23 or 25 hours on DST change days (see `startOfGrain`). Null values are skipped. The result
 * has one point per bucket from the first point's bucket to the last point's bucket, timestamped at the
 * bucket's start (epoch ms): buckets with no non-null value get `null`, except with `count`, which counts
 * non-null values and gives 0. `sum` uses compensated summation. The result keeps `id` and `metric`, keeps
 * `unit` except for `count` (a count has no unit), and has `frequency: grain` and the zone used.
 *
 * @throws DyocenseError `invalid_input` for an invalid series or options, a `period` series (no calendar), a
 * series whose declared frequency is coarser than `grain` (no disaggregation), timestamps outside years
 * 1-9999, more than 1 000 000 output buckets, or a bucket sum beyond the finite range.
 * @example
 * resample(hourlyRevenue, { grain: 'day', aggregation: 'sum', timeZone: 'Europe/Berlin' });
 */
export function resample(series: TimeSeriesInput, options: ResampleOptions): TimeSeries {
  const input = parseInput(timeSeriesSchema, series, 'time series');
  const settings = parseInput(optionsSchema, options, 'resample options');
  const timeZone = settings.timeZone ?? input.timeZone;
  const { grain, aggregation } = settings;
  if (input.frequency === 'period') {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Series ${input.id} is indexed by period numbers, which have no calendar to resample on`,
    });
  }
  if (input.frequency !== undefined && frequencyRank[input.frequency] > frequencyRank[grain]) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Series ${input.id} is ${input.frequency}ly; resampling to the finer grain ${grain} is not supported`,
    });
  }
  parseInput(z.array(instantSchema), input.timestamps, 'time series timestamps');
  const { metric, unit } = input;
  const result: TimeSeries = {
    id: input.id,
    ...(metric === undefined ? {} : { metric }),
    ...(unit === undefined || aggregation === 'count' ? {} : { unit }),
    frequency: grain,
    timeZone,
    timestamps: [],
    values: [],
  };
  const first = input.timestamps[0];
  const last = input.timestamps.at(-1);
  if (first === undefined || last === undefined) return result;
  const tooMany = (): DyocenseError =>
    new DyocenseError({
      code: 'invalid_input',
      message: `Resampling series ${input.id} to ${grain} would produce more than ${maxBuckets} buckets`,
    });
  const minimumBuckets = (last - first) / longestBucket[grain];
  if (minimumBuckets > maxBuckets) throw tooMany();
  const offsetOf = offsetTableOf(timeZone, first, last, 8 * minimumBuckets);
  let start = grainStart(first, grain, offsetOf, settings);
  let index = 0;
  while (start <= last) {
    const end = grainEnd(start, grain, offsetOf, settings);
    const bucket: number[] = [];
    for (; index < input.timestamps.length && (input.timestamps[index] as number) < end; index++) {
      const value = input.values[index];
      if (value !== null && value !== undefined) bucket.push(value);
    }
    if (result.timestamps.length === maxBuckets) throw tooMany();
    result.timestamps.push(start);
    result.values.push(aggregate(bucket, aggregation, start));
    start = end;
  }
  return result;
}
