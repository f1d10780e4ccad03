import { z } from 'zod';

const positive = z.number().finite().positive();

/**
 * zod schema of a concave response curve: expected return (currency) as a function of spend x (currency).
 * - `log`: a·ln(1 + x/b), diminishing from the first dollar; a is the return scale, b the spend at which the
 *   marginal return has halved.
 * - `hill`: a·x^n / (k^n + x^n) with 0 < n ≤ 1 (concave; n > 1 would be S-shaped and is rejected); a is the
 *   saturation return, k the spend giving half of it.
 */
export const responseCurveSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('log'), a: positive, b: positive }),
  z.object({ type: z.literal('hill'), a: positive, k: positive, n: z.number().gt(0).max(1).default(1) }),
]);

/** A concave response curve (see {@link responseCurveSchema}). */
export type ResponseCurve = z.output<typeof responseCurveSchema>;

/** Expected return of spending `spend` on a channel with this curve (currency). */
export function evaluateResponse(curve: ResponseCurve, spend: number): number {
  if (curve.type === 'log') return curve.a * Math.log1p(spend / curve.b);
  const scaled = (spend / curve.k) ** curve.n;
  return (curve.a * scaled) / (1 + scaled);
}

/** Marginal return d(return)/d(spend) at `spend`: the return of the next unit of money. */
export function marginalResponse(curve: ResponseCurve, spend: number): number {
  if (curve.type === 'log') return curve.a / (curve.b + spend);
  if (spend === 0) return curve.n === 1 ? curve.a / curve.k : Number.POSITIVE_INFINITY;
  const scaled = (spend / curve.k) ** curve.n;
  return (curve.a * curve.n * scaled) / (spend * (1 + scaled) ** 2);
}
