import { DyocenseError } from '@dyocense/core';

const millisecondsPerDay = 86_400_000;

/** How future timestamps follow the last observed one. */
export type FutureStep =
  | { readonly kind: 'fixed'; readonly milliseconds: number }
  | { readonly kind: 'months'; readonly months: number };

/**
 * The step of a history: the median spacing, read as whole calendar months when it is about a month, a quarter
 * or a year long (28–31, 89–92, 365–366 days), so monthly data keeps its day of the month.
 */
export function inferFutureStep(timestamps: readonly number[]): FutureStep {
  const gaps: number[] = [];
  for (let index = 1; index < timestamps.length; index += 1) {
    gaps.push((timestamps[index] ?? 0) - (timestamps[index - 1] ?? 0));
  }
  gaps.sort((left, right) => left - right);
  const middle = Math.floor(gaps.length / 2);
  const median =
    gaps.length % 2 === 1 ? (gaps[middle] ?? 0) : ((gaps[middle - 1] ?? 0) + (gaps[middle] ?? 0)) / 2;
  const days = median / millisecondsPerDay;
  if (days >= 28 && days <= 31) return { kind: 'months', months: 1 };
  if (days >= 89 && days <= 92) return { kind: 'months', months: 3 };
  if (days >= 365 && days <= 366) return { kind: 'months', months: 12 };
  return { kind: 'fixed', milliseconds: median };
}

/** `count` timestamps after `last` (UTC calendar for months: the day of the month is kept, month ends stay month ends). */
export function futureTimestamps(last: number, step: FutureStep, count: number): number[] {
  if (step.kind === 'fixed')
    return Array.from({ length: count }, (_, index) => last + (index + 1) * step.milliseconds);
  const date = new Date(last);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  const timeOfDay = last - Date.UTC(year, month, day);
  const monthEnd = day === new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Array.from({ length: count }, (_, index) => {
    const target = month + (index + 1) * step.months;
    const length = new Date(Date.UTC(year, target + 1, 0)).getUTCDate();
    return Date.UTC(year, target, monthEnd ? length : Math.min(day, length)) + timeOfDay;
  });
}

/**
 * The future timestamps of a forecast request: the caller's (validated: finite, increasing, after the history)
 * or generated from the step.
 *
 * @throws DyocenseError `invalid_input` for too few, non-increasing or non-future timestamps.
 */
export function resolveFutureTimestamps(
  last: number,
  step: FutureStep,
  horizon: number,
  given: readonly number[] | undefined,
): number[] {
  if (given === undefined) return futureTimestamps(last, step, horizon);
  if (!Array.isArray(given) || given.length < horizon) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Pass at least ${horizon} future timestamps (one per forecast step).`,
    });
  }
  const result = given.slice(0, horizon);
  let previous = last;
  for (const [index, timestamp] of result.entries()) {
    if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp <= previous) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Future timestamp ${index} must be a finite epoch-ms value after the previous timestamp and the history.`,
        issues: [
          { path: ['timestamps', index], message: 'Expected an increasing future timestamp', code: 'custom' },
        ],
      });
    }
    previous = timestamp;
  }
  return result;
}
