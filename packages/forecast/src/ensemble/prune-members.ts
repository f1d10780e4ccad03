import { DyocenseError } from '@dyocense/core';

/** Members kept in and left out of a combination by {@link pruneMembers}. */
export interface PrunedMembers<Member> {
  readonly kept: readonly Member[];
  readonly dropped: readonly Member[];
}

/**
 * Leaves out of a combination the members that fail clearly in cross-validation: those whose score (an error,
 * lower is better, e.g. CV MASE) exceeds `factor` times the best member's. A median of three follows a failing
 * member whenever the other two straddle it; pruning keeps the combination's robustness without that risk.
 * When any score is missing or not finite, nothing is left out (there is no common yardstick).
 *
 * @param factor - at least 1; default 2.
 * @throws DyocenseError `invalid_input` for a factor below 1 or not finite, or a negative score.
 * @example
 * pruneMembers(['ets', 'arima', 'theta'], (name) => ({ ets: 1.0, arima: 0.8, theta: 2.3 })[name]);
 * // { kept: ['ets', 'arima'], dropped: ['theta'] }
 */
export function pruneMembers<Member>(
  members: readonly Member[],
  scoreOf: (member: Member) => number | undefined,
  factor = 2,
): PrunedMembers<Member> {
  if (!(Number.isFinite(factor) && factor >= 1)) {
    throw new DyocenseError({ code: 'invalid_input', message: `factor must be at least 1, got ${factor}` });
  }
  const scores = members.map(scoreOf);
  if (scores.some((score) => score === undefined || !Number.isFinite(score))) {
    return { kept: [...members], dropped: [] };
  }
  if (scores.some((score) => (score as number) < 0)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'cross-validation scores must not be negative',
    });
  }
  const best = Math.min(...(scores as number[]));
  const kept: Member[] = [];
  const dropped: Member[] = [];
  members.forEach((member, index) => {
    ((scores[index] as number) <= factor * best ? kept : dropped).push(member);
  });
  return { kept, dropped };
}
