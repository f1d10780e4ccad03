import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import type { ResponseCurve } from './response-curve.js';

const historySchema = z
  .array(z.object({ spend: z.number().finite().nonnegative(), return: z.number().finite() }))
  .min(3)
  .refine((points) => new Set(points.map((point) => point.spend)).size >= 3, {
    message: 'needs at least three different spend levels',
  });

/** History of one channel: spend and the return it brought, per period (currency). */
export type ResponseHistory = z.input<typeof historySchema>;

/** A fitted log curve and its residual error. */
export interface FittedResponse {
  readonly curve: Extract<ResponseCurve, { type: 'log' }>;
  /** Root mean squared error of the fit (currency). */
  readonly rmse: number;
}

/** For a fixed b, the least-squares a of y ≈ a·ln(1 + x/b) is Σ y·g / Σ g² (clamped positive). */
function bestScale(
  history: readonly { spend: number; return: number }[],
  b: number,
): { a: number; sse: number } {
  let cross = 0;
  let square = 0;
  for (const point of history) {
    const g = Math.log1p(point.spend / b);
    cross += point.return * g;
    square += g * g;
  }
  const a = square > 0 ? Math.max(1e-12, cross / square) : 1e-12;
  let sse = 0;
  for (const point of history) sse += (point.return - a * Math.log1p(point.spend / b)) ** 2;
  return { a, sse };
}

/**
 * Fits the concave curve return ≈ a·ln(1 + spend/b) to a channel's history by least squares: a in closed form
 * for each b, b by golden-section search on ln b over [1e-3, 1e3] × the largest spend.
 *
 * @throws DyocenseError `invalid_input` with fewer than three distinct spend levels or non-finite values;
 * `insufficient_data` when the history shows no positive return to fit.
 */
export function fitResponseCurve(history: ResponseHistory): FittedResponse {
  const points = parseInput(historySchema, history, 'response history');
  if (!points.some((point) => point.return > 0 && point.spend > 0)) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message:
        'response history: no positive return at a positive spend, so no diminishing-returns curve fits',
    });
  }
  const largest = Math.max(...points.map((point) => point.spend));
  let low = Math.log(largest * 1e-3);
  let high = Math.log(largest * 1e3);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let left = high - ratio * (high - low);
  let right = low + ratio * (high - low);
  let leftError = bestScale(points, Math.exp(left)).sse;
  let rightError = bestScale(points, Math.exp(right)).sse;
  for (let iteration = 0; iteration < 200 && high - low > 1e-12; iteration++) {
    if (leftError <= rightError) {
      high = right;
      right = left;
      rightError = leftError;
      left = high - ratio * (high - low);
      leftError = bestScale(points, Math.exp(left)).sse;
    } else {
      low = left;
      left = right;
      leftError = rightError;
      right = low + ratio * (high - low);
      rightError = bestScale(points, Math.exp(right)).sse;
    }
  }
  const b = Math.exp((low + high) / 2);
  const { a, sse } = bestScale(points, b);
  return { curve: { type: 'log', a, b }, rmse: Math.sqrt(sse / points.length) };
}
