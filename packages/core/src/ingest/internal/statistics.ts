/** Count, missing count and distribution of a list of values; `null` statistics when nothing is present. */
export interface SummaryStatistics {
  readonly count: number;
  readonly missing: number;
  readonly mean: number | null;
  /** Sample standard deviation (n - 1); `null` below two values. */
  readonly sd: number | null;
  readonly min: number | null;
  readonly q1: number | null;
  readonly median: number | null;
  readonly q3: number | null;
  readonly max: number | null;
}

/** Quantile of sorted values with linear interpolation between order statistics (Hyndman-Fan type 7). */
export function quantileSorted(sorted: Float64Array, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  return low + ((sorted[upper] as number) - low) * (position - lower);
}

/** The present (non-null, finite) values, sorted ascending. */
export function sortedPresent(values: readonly (number | null)[]): Float64Array {
  const present = new Float64Array(values.length);
  let count = 0;
  for (const value of values) if (value !== null && Number.isFinite(value)) present[count++] = value;
  return present.subarray(0, count).sort();
}

/** Summary statistics; the mean uses a running (Welford) update so large values do not overflow. */
export function summarize(values: readonly (number | null)[]): SummaryStatistics {
  const sorted = sortedPresent(values);
  const count = sorted.length;
  const missing = values.length - count;
  if (count === 0) {
    return { count, missing, mean: null, sd: null, min: null, q1: null, median: null, q3: null, max: null };
  }
  let mean = 0;
  let squares = 0;
  for (let index = 0; index < count; index++) {
    const value = sorted[index] as number;
    const delta = value - mean;
    mean += delta / (index + 1);
    squares += delta * (value - mean);
  }
  const sd = count > 1 ? Math.sqrt(squares / (count - 1)) : null;
  return {
    count,
    missing,
    mean: Number.isFinite(mean) ? mean : null,
    sd: sd !== null && Number.isFinite(sd) ? sd : null,
    min: sorted[0] as number,
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
    max: sorted[count - 1] as number,
  };
}

/** A value flagged by the modified z-score. */
export interface Outlier {
  readonly index: number;
  readonly value: number;
  readonly score: number;
}

/**
 * Robust outliers (Iglewicz and Hoaglin): modified z-score `0.6745 (x - median) / MAD` above `threshold`
 * in absolute value. When the MAD is zero the mean absolute deviation stands in
 * (`(x - median) / (1.253314 MeanAD)`); when both are zero nothing is flagged. Sorted by |score|, largest first.
 */
export function findOutliers(values: readonly (number | null)[], threshold = 3.5): Outlier[] {
  const sorted = sortedPresent(values);
  if (sorted.length < 3) return [];
  const median = quantileSorted(sorted, 0.5);
  const deviations = new Float64Array(sorted.length);
  let absoluteSum = 0;
  for (let index = 0; index < sorted.length; index++) {
    const deviation = Math.abs((sorted[index] as number) - median);
    deviations[index] = deviation;
    absoluteSum += deviation;
  }
  deviations.sort();
  const mad = quantileSorted(deviations, 0.5);
  const meanAbsolute = absoluteSum / sorted.length;
  const scale = mad > 0 ? mad / 0.6745 : meanAbsolute > 0 ? 1.253314 * meanAbsolute : 0;
  if (scale === 0 || !Number.isFinite(scale)) return [];
  const outliers: Outlier[] = [];
  values.forEach((value, index) => {
    if (value === null || !Number.isFinite(value)) return;
    const score = (value - median) / scale;
    if (Number.isFinite(score) && Math.abs(score) > threshold) outliers.push({ index, value, score });
  });
  return outliers.sort((left, right) => Math.abs(right.score) - Math.abs(left.score));
}
