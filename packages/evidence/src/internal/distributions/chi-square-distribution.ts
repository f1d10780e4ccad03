import { regularizedGammaUpper } from './regularized-gamma.js';

/** Survival function P(X > x) of the chi-square distribution with `k` degrees of freedom. */
export function chiSquareSurvival(x: number, k: number): number {
  if (!(x > 0)) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return regularizedGammaUpper(k / 2, x / 2);
}
