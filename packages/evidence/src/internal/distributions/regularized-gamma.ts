import { logGamma } from './log-gamma.js';

const epsilon = 1e-16;
const tiny = 1e-300;
const maxIterations = 100_000;

function lowerSeries(a: number, x: number, logFront: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n <= maxIterations; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * epsilon) break;
  }
  return sum * Math.exp(logFront);
}

function upperContinuedFraction(a: number, x: number, logFront: number): number {
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= maxIterations; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < epsilon) break;
  }
  return Math.exp(logFront) * h;
}

/** Regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a), relative accuracy about 1e-14. */
export function regularizedGammaUpper(a: number, x: number): number {
  if (x <= 0) return 1;
  const logFront = a * Math.log(x) - x - logGamma(a);
  // The series converges fast below a + 1 and the continued fraction above it (Numerical Recipes §6.2).
  if (x < a + 1) return 1 - lowerSeries(a, x, logFront);
  return upperContinuedFraction(a, x, logFront);
}

/** Regularised lower incomplete gamma P(a, x) = 1 − Q(a, x). */
export function regularizedGammaLower(a: number, x: number): number {
  if (x <= 0) return 0;
  const logFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) return lowerSeries(a, x, logFront);
  return 1 - upperContinuedFraction(a, x, logFront);
}
