import { z } from 'zod';
import { DyocenseError } from '../errors/dyocense-error.js';
import { parseInput } from '../errors/parse-input.js';
import { minuteMs } from '../time/internal/calendar.js';
import { timeZoneSchema } from '../time/time-zone.js';
import type { Frequency } from './frequency.js';
import {
  type CalendarFrequency,
  type CalendarPoint,
  collectGaps,
  type FrequencyGap,
  frequencyRank,
  intervalUnits,
  toCalendarPoints,
  toSortedTimestamps,
  unitsBetween,
} from './internal/calendar-intervals.js';

/** What {@link inferFrequency} concluded about a set of timestamps. */
export interface FrequencyInference {
  /** The frequency that explains most intervals between consecutive timestamps. */
  readonly frequency: Frequency;
  /** Units of `frequency` between consecutive observations (2 with `day` = every other day). */
  readonly step: number;
  /**
   * Share (0..1) of intervals that are exactly one step. For business-day series, weekend-only gaps count as
   * exact steps, so Monday-Friday data scores 1.
   */
  readonly confidence: number;
  /** True when some interval is not a whole number of steps (so it cannot be explained by missing points). */
  readonly irregular: boolean;
  /** True for daily data with no Saturday or Sunday observations and at least one weekend-only gap. */
  readonly businessDays: boolean;
  /** Intervals of two or more steps, with the number of missing observations; weekend gaps are flagged. */
  readonly gaps: readonly FrequencyGap[];
  /**
   * Zone whose calendar explained the data: the requested zone, or `UTC` when the timestamps line up with the
   * UTC calendar instead (e.g. dates stored as UTC midnights for a Europe/Berlin tenant). Pass it to `findGaps`.
   */
  readonly timeZone: string;
}

const optionsSchema = z.object({ timeZone: timeZoneSchema.default('UTC') });

/** Options of {@link inferFrequency}: `timeZone` (IANA, default `UTC`) defines local days and months. */
export type InferFrequencyOptions = z.input<typeof optionsSchema>;

interface Candidate {
  readonly frequency: Frequency;
  readonly step: number;
  matches: number;
}

/** The most common value, the smaller one on ties. */
function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = Number.POSITIVE_INFINITY;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function summarise(
  sorted: readonly number[],
  points: readonly CalendarPoint[] | undefined,
  frequency: Frequency,
  step: number,
  timeZone: string,
): FrequencyInference {
  const units = unitsBetween(sorted, points, frequency);
  const gaps = collectGaps(sorted, points, units, frequency, step);
  const exact = units.filter((count) => count === step).length;
  const weekendGaps = gaps.filter((gap) => gap.weekend).length;
  const businessDays = weekendGaps > 0 && points !== undefined && points.every((point) => point.weekday < 6);
  return {
    frequency,
    step,
    confidence: (exact + (businessDays ? weekendGaps : 0)) / units.length,
    irregular: units.some((count) => count === undefined || count % step !== 0),
    businessDays,
    gaps,
    timeZone,
  };
}

/**
 * Whether a perfect fit in the requested zone could still be beaten by a coarser frequency on the UTC calendar:
 * only whole-day multiples of minutes or hours (UTC midnights seen from another zone) can.
 */
function couldBeCalendarDays(inference: FrequencyInference): boolean {
  if (inference.frequency === 'minute') return inference.step % 1440 === 0;
  if (inference.frequency === 'hour') return inference.step % 24 === 0;
  return false;
}

/** Candidates tied on matches beyond this many are ranked without the (quadratic) explained-interval count. */
const maxTiedCandidates = 64;

function bestCalendarCandidate(
  sorted: readonly number[],
  points: readonly CalendarPoint[],
): Candidate | undefined {
  const allUnits: Partial<Record<CalendarFrequency, number>>[] = [];
  const candidates = new Map<number, Candidate>();
  for (let index = 1; index < sorted.length; index++) {
    const difference = (sorted[index] as number) - (sorted[index - 1] as number);
    const units = intervalUnits(
      difference,
      points[index - 1] as CalendarPoint,
      points[index] as CalendarPoint,
    );
    allUnits.push(units);
    for (const [frequency, step] of Object.entries(units) as [CalendarFrequency, number][]) {
      const key = step * 8 + frequencyRank[frequency];
      const candidate = candidates.get(key);
      if (candidate) candidate.matches++;
      else candidates.set(key, { frequency, step, matches: 1 });
    }
  }
  const ranked = [...candidates.values()].sort(
    (left, right) =>
      right.matches - left.matches ||
      frequencyRank[right.frequency] - frequencyRank[left.frequency] ||
      left.step - right.step,
  );
  const top = ranked[0];
  if (top === undefined) return undefined;
  const tied = ranked.filter((candidate) => candidate.matches === top.matches);
  if (tied.length === 1 || tied.length > maxTiedCandidates) return top;
  const explained = (candidate: Candidate): number =>
    allUnits.filter((units) => {
      const count = units[candidate.frequency as CalendarFrequency];
      return count !== undefined && count % candidate.step === 0;
    }).length;
  let best = top;
  let bestExplained = explained(top);
  for (const candidate of tied.slice(1)) {
    const count = explained(candidate);
    if (count > bestExplained) {
      best = candidate;
      bestExplained = count;
    }
  }
  return best;
}

/**
 * Infers the frequency of a series from its timestamps, tolerating gaps and irregular points.
 *
 * Every interval between consecutive (sorted) timestamps is measured in minutes, hours, local calendar days,
 * weeks, months (28-31 days), quarters and years; the frequency and step that match the most intervals exactly
 * win, ties going to the one that explains more intervals as whole multiples (gaps), then to the coarser
 * frequency (monthly data is `month`, not `day` with step 31). Local days make 23- and 25-hour DST days count
 * as one day. The calendar is that of `options.timeZone`, or UTC when UTC explains more intervals (or as many,
with a coarser frequency).
 *
 * Business days: Monday-Friday data is `day` with step 1; its Friday-to-Monday gaps are listed with
 * `weekend: true`, `businessDays` is true and those gaps count as exact steps in `confidence`.
 *
 * Integer period indices (1, 2, 3, ...): intervals shorter than a minute have no calendar meaning, so data whose
 * median interval is under 60 000 is `period` with the most common interval as step. Data where no interval is
 * a whole number of minutes is reported as `period` too.
 *
 * @param timestamps - epoch milliseconds (or period indices), any order, no duplicates.
 * @throws DyocenseError `insufficient_data` for fewer than 2 timestamps; `invalid_input` for non-integers,
 * out-of-range instants, duplicates or an unknown zone.
 * @example
 * inferFrequency([Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1), Date.UTC(2024, 3, 1)]);
 * // { frequency: 'month', step: 1, confidence: 0.5, irregular: false, businessDays: false,
 * //   gaps: [{ after: Date.UTC(2024, 1, 1), before: Date.UTC(2024, 3, 1), missing: 1, weekend: false }], timeZone: 'UTC' }
 */
export function inferFrequency(
  timestamps: readonly number[],
  options: InferFrequencyOptions = {},
): FrequencyInference {
  const sorted = toSortedTimestamps(timestamps);
  const { timeZone } = parseInput(optionsSchema, options, 'frequency options');
  if (sorted.length < 2) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `Inferring a frequency needs at least 2 timestamps, got ${sorted.length}`,
    });
  }
  const differences = sorted.slice(1).map((value, index) => value - (sorted[index] as number));
  const median = [...differences].sort((left, right) => left - right)[
    Math.floor(differences.length / 2)
  ] as number;
  if (median < minuteMs) return summarise(sorted, undefined, 'period', mostCommon(differences), timeZone);
  let best: FrequencyInference | undefined;
  for (const zone of timeZone === 'UTC' ? ['UTC'] : [timeZone, 'UTC']) {
    const points = toCalendarPoints(sorted, zone);
    const candidate = bestCalendarCandidate(sorted, points);
    if (candidate === undefined) continue;
    const inference = summarise(sorted, points, candidate.frequency, candidate.step, zone);
    const better =
      best === undefined ||
      inference.confidence > best.confidence ||
      (inference.confidence === best.confidence &&
        frequencyRank[inference.frequency] > frequencyRank[best.frequency]);
    if (better) best = inference;
    if (best !== undefined && best.confidence === 1 && !couldBeCalendarDays(best)) break;
  }
  return best ?? summarise(sorted, undefined, 'period', mostCommon(differences), timeZone);
}
