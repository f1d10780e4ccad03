import { logBeta } from './log-gamma.js';

const epsilon = 1e-16;
const tiny = 1e-300;
const maxIterations = 100_000;

/** Continued fraction for I_x(a, b) (modified Lentz), convergent for x < (a + 1) / (a + b + 2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= maxIterations; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < epsilon) return h;
  }
  return h;
}

/**
 * Regularised incomplete beta I_x(a, b) = P(Beta(a, b) ≤ x).
 *
 * Takes both `x` and `y = 1 − x` so callers can pass a complement computed without cancellation
 * (an F tail of 1e-98 would otherwise be lost in `1 − x`). Relative accuracy about 1e-13.
 */
export function regularizedBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const logFront = a * Math.log(x) + b * Math.log(y) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  }
  return 1 - (Math.exp(logFront) * betaContinuedFraction(y, b, a)) / b;
}

/** Upper tail 1 − I_x(a, b), computed as I_y(b, a) so that tiny tails keep their relative accuracy. */
export function regularizedBetaComplement(x: number, y: number, a: number, b: number): number {
  return regularizedBeta(y, x, b, a);
}
