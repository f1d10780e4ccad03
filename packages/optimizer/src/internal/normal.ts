// Normal loss functions for the inventory formulas, on core's standard normal distribution.
import { normalCdf, normalPdf, normalQuantile, normalSurvival } from '@dyocense/core';

export { normalCdf, normalPdf, normalQuantile };

/**
 * Standard normal first-order loss function L(z) = E[(Z - z)+] = φ(z) - z·(1 - Φ(z)): the expected shortage of
 * a unit normal above z. Multiply by σ for a normal with standard deviation σ.
 */
export function normalLoss(z: number): number {
  // Beyond ±40 the tail terms underflow; the limits are exact to double precision (and avoid ∞·0).
  if (z > 40) return 0;
  if (z < -40) return -z;
  return normalPdf(z) - z * normalSurvival(z);
}

/**
 * The z with `normalLoss(z) = target` (target > 0). L is strictly decreasing with L'(z) = -(1 - Φ(z)), so a
 * bracketed Newton iteration converges in a handful of steps.
 */
export function inverseNormalLoss(target: number): number {
  if (!(target > 0) || !Number.isFinite(target)) return Number.NaN;
  // For z far below zero L(z) ≈ -z, so the bracket [-target - 1, 40] always holds the root.
  let low = -target - 1;
  let high = 40;
  let z = target < 0.3989 ? 0 : -target;
  for (let iteration = 0; iteration < 200; iteration++) {
    const value = normalLoss(z) - target;
    if (value > 0) low = z;
    else high = z;
    const slope = -normalSurvival(z);
    let next = slope === 0 ? Number.NaN : z - value / slope;
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - z) <= 1e-14 * Math.max(1, Math.abs(z))) return next;
    z = next;
  }
  return z;
}
