import { numpyArgsort } from './numpy-argsort.js';

/** How a treated unit with several equally near untreated units is matched. */
export const matchingTieRules = ['average', 'numpy'] as const;
export type MatchingTieRule = (typeof matchingTieRules)[number];

/** 1:1 nearest-neighbour matching ATT on a score, with replacement, within a caliper. */
export interface NearestMatch {
  /** Mean over matched treated units of (own outcome − matched outcome); NaN when none matched. */
  readonly att: number;
  readonly matched: number;
}

/**
 * Matches every treated unit to the untreated unit nearest on `score` (with replacement) when it is within
 * `width`, and averages the outcome differences.
 *
 * Ties: `average` uses the mean outcome of all equally near untreated units (Abadie–Imbens; R
 * `Matching::Match(ties = TRUE)`), so the result does not depend on row order. `numpy` reproduces the Python
 * reference behind the fixtures: untreated scores sorted by numpy's default (unstable) argsort, `searchsorted`
 * on the left, and the right neighbour only when strictly nearer — the first tied unit in that order.
 */
export function matchNearest(
  score: Float64Array,
  treated: Float64Array,
  outcome: Float64Array,
  width: number,
  ties: MatchingTieRule,
): NearestMatch {
  const n = score.length;
  const controls: number[] = [];
  for (let i = 0; i < n; i++) if (treated[i] !== 1) controls.push(i);
  const controlScores = Float64Array.from(controls, (i) => score[i] as number);
  const order =
    ties === 'numpy'
      ? Array.from(numpyArgsort(controlScores), (position) => controls[position] as number)
      : controls.sort((left, right) => (score[left] as number) - (score[right] as number));
  const sorted = Float64Array.from(order, (i) => score[i] as number);
  let sum = 0;
  let matched = 0;
  for (let i = 0; i < n; i++) {
    if (treated[i] !== 1) continue;
    const own = score[i] as number;
    // First position whose score is not below the treated unit's (numpy `searchsorted(side='left')`).
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((sorted[middle] as number) < own) low = middle + 1;
      else high = middle;
    }
    const below = low > 0 ? own - (sorted[low - 1] as number) : Number.POSITIVE_INFINITY;
    const above = low < sorted.length ? (sorted[low] as number) - own : Number.POSITIVE_INFINITY;
    const best = Math.min(below, above);
    if (!(best <= width)) continue;
    let control: number;
    if (ties === 'numpy') {
      control = (above < below ? order[low] : order[low - 1]) as number;
      sum += (outcome[i] as number) - (outcome[control] as number);
    } else {
      let tiedSum = 0;
      let tiedCount = 0;
      for (let j = low - 1; j >= 0 && own - (sorted[j] as number) <= best + 1e-12; j--) {
        tiedSum += outcome[order[j] as number] as number;
        tiedCount++;
      }
      for (let j = low; j < sorted.length && (sorted[j] as number) - own <= best + 1e-12; j++) {
        tiedSum += outcome[order[j] as number] as number;
        tiedCount++;
      }
      sum += (outcome[i] as number) - tiedSum / tiedCount;
    }
    matched++;
  }
  return { att: matched > 0 ? sum / matched : Number.NaN, matched };
}
