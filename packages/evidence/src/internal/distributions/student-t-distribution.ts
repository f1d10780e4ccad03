import { regularizedBeta } from './regularized-beta.js';

/** Two-sided p-value P(|T| > |t|) of Student's t with `df` degrees of freedom. */
export function studentTTwoSided(t: number, df: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  return regularizedBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
}
