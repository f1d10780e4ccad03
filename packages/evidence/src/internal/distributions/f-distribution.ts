import { regularizedBeta } from './regularized-beta.js';

/**
 * Survival function P(F > f) of the F(d1, d2) distribution, computed directly as I_{d2/(d2+d1 f)}(d2/2, d1/2)
 * so that p-values far below 1e-16 keep their relative accuracy.
 */
export function fSurvival(f: number, d1: number, d2: number): number {
  if (!(f > 0)) return 1;
  if (f === Number.POSITIVE_INFINITY) return 0;
  const denominator = d2 + d1 * f;
  return regularizedBeta(d2 / denominator, (d1 * f) / denominator, d2 / 2, d1 / 2);
}
