/** An observation whose one-step residual is extreme. */
export interface HistoryAnomaly {
  /** Position in the (regularised) history. */
  readonly index: number;
  readonly timestamp: string;
  readonly observed: number;
  readonly fitted: number;
  readonly residual: number;
  /** Robust z-score of the residual: (residual − median) / (1.4826 · MAD). */
  readonly score: number;
}

/** Robust z-score above which a residual is flagged (Iglewicz & Hoaglin's 3.5 for the modified z-score). */
export const anomalyThreshold = 3.5;

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Flags history points whose residual lies more than {@link anomalyThreshold} robust standard deviations from
 * the median residual. Median and MAD, not mean and standard deviation, so the anomalies themselves do not mask
 * each other; nothing is flagged with fewer than 8 residuals or a zero MAD (a model that fits most points
 * exactly).
 */
export function flagAnomalies(
  observed: readonly number[],
  fitted: readonly (number | null)[],
  residuals: readonly (number | null)[],
  timestamps: readonly string[],
): HistoryAnomaly[] {
  const present = residuals.filter((value): value is number => value !== null && Number.isFinite(value));
  if (present.length < 8) return [];
  const center = median([...present].sort((left, right) => left - right));
  const mad = median(present.map((value) => Math.abs(value - center)).sort((left, right) => left - right));
  const scale = 1.4826 * mad;
  if (!(scale > 0)) return [];
  const anomalies: HistoryAnomaly[] = [];
  residuals.forEach((residual, index) => {
    if (residual === null || !Number.isFinite(residual)) return;
    const score = (residual - center) / scale;
    if (Math.abs(score) <= anomalyThreshold) return;
    anomalies.push({
      index,
      timestamp: timestamps[index] as string,
      observed: observed[index] as number,
      fitted: fitted[index] as number,
      residual,
      score,
    });
  });
  return anomalies;
}
