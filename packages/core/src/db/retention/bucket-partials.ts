import type { Grain } from '../../model/frequency.js';

/** Count, sum, min and max of the points of one bucket: what two halves of a bucket combine exactly from. */
export interface BucketPartial {
  count: number;
  sum: number;
  min: number;
  max: number;
}

const hourMs = 3_600_000;
const dayMs = 86_400_000;

/** Start (epoch ms) of the UTC bucket of `grain` holding `ms`, as `date_trunc(grain, ts, 'UTC')`: ISO weeks. */
export function bucketStart(ms: number, grain: Grain): number {
  switch (grain) {
    case 'hour':
      return Math.floor(ms / hourMs) * hourMs;
    case 'day':
      return Math.floor(ms / dayMs) * dayMs;
    case 'week': {
      const day = Math.floor(ms / dayMs) * dayMs;
      // 1970-01-01 was a Thursday: (weekday + 6) % 7 days back is the Monday.
      const weekday = new Date(day).getUTCDay();
      return day - ((weekday + 6) % 7) * dayMs;
    }
    default: {
      const date = new Date(ms);
      const month = date.getUTCMonth();
      const first = grain === 'month' ? month : grain === 'quarter' ? month - (month % 3) : 0;
      return Date.UTC(date.getUTCFullYear(), first, 1);
    }
  }
}

/** Adds one value to the partial of its bucket in `partials` (keyed by bucket start, epoch ms). */
export function addToPartials(partials: Map<number, BucketPartial>, bucket: number, value: number): void {
  const partial = partials.get(bucket);
  if (partial === undefined) partials.set(bucket, { count: 1, sum: value, min: value, max: value });
  else {
    partial.count += 1;
    partial.sum += value;
    if (value < partial.min) partial.min = value;
    if (value > partial.max) partial.max = value;
  }
}

/** Folds `other` into `partials`, bucket by bucket. */
export function combinePartials(
  partials: Map<number, BucketPartial>,
  other: Map<number, BucketPartial>,
): void {
  for (const [bucket, part] of other) {
    const partial = partials.get(bucket);
    if (partial === undefined) partials.set(bucket, { ...part });
    else {
      partial.count += part.count;
      partial.sum += part.sum;
      partial.min = Math.min(partial.min, part.min);
      partial.max = Math.max(partial.max, part.max);
    }
  }
}

/** The buckets' values under `aggregation`, oldest first, only the latest `limit` (as `dyocense_read_metric`). */
export function finishBuckets(
  partials: Map<number, BucketPartial>,
  aggregation: 'sum' | 'avg' | 'min' | 'max' | 'count',
  limit: number,
): { ts: Date; value: number }[] {
  const buckets = [...partials.keys()].sort((a, b) => a - b).slice(-limit);
  return buckets.map((bucket) => {
    const partial = partials.get(bucket) as BucketPartial;
    const value =
      aggregation === 'sum'
        ? partial.sum
        : aggregation === 'avg'
          ? partial.sum / partial.count
          : aggregation === 'min'
            ? partial.min
            : aggregation === 'max'
              ? partial.max
              : partial.count;
    return { ts: new Date(bucket), value };
  });
}
