import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAdmissibleWorkspace, isAdmissible } from './admissible.js';

/** Largest root modulus by Durand–Kerner iteration (reference only; slow but simple). */
function maxRootModulus(coefficients: readonly number[]): number {
  const degree = coefficients.length - 1;
  const lead = coefficients[degree] ?? 1;
  const monic = coefficients.map((value) => value / lead);
  let re = Array.from({ length: degree }, (_, k) => 0.9 * Math.cos((2 * Math.PI * k) / degree + 0.4));
  let im = Array.from({ length: degree }, (_, k) => 0.9 * Math.sin((2 * Math.PI * k) / degree + 0.4));
  for (let iteration = 0; iteration < 2000; iteration++) {
    const nextRe = [...re];
    const nextIm = [...im];
    for (let i = 0; i < degree; i++) {
      let pr = 1;
      let pi = 0;
      for (let k = degree - 1; k >= 0; k--) {
        const r = pr * (re[i] ?? 0) - pi * (im[i] ?? 0) + (monic[k] ?? 0);
        pi = pr * (im[i] ?? 0) + pi * (re[i] ?? 0);
        pr = r;
      }
      let dr = 1;
      let di = 0;
      for (let j = 0; j < degree; j++) {
        if (j === i) continue;
        const ar = (re[i] ?? 0) - (re[j] ?? 0);
        const ai = (im[i] ?? 0) - (im[j] ?? 0);
        const r = dr * ar - di * ai;
        di = dr * ai + di * ar;
        dr = r;
      }
      const denominator = dr * dr + di * di;
      nextRe[i] = (re[i] ?? 0) - (pr * dr + pi * di) / denominator;
      nextIm[i] = (im[i] ?? 0) - (pi * dr - pr * di) / denominator;
    }
    re = nextRe;
    im = nextIm;
  }
  return Math.max(...re.map((value, i) => Math.hypot(value, im[i] ?? 0)));
}

describe('isAdmissible', () => {
  it('agrees with the largest characteristic root for seasonal parameters away from the boundary', () => {
    const workspace = createAdmissibleWorkspace(12);
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1.5, noNaN: true }),
        fc.double({ min: -0.5, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1.5, noNaN: true }),
        fc.double({ min: 0.8, max: 1, noNaN: true }),
        fc.constantFrom(4, 12),
        (alpha, beta, gamma, phi, m) => {
          const easy =
            gamma >= Math.max(1 - 1 / phi - alpha, 0) &&
            gamma <= 1 + 1 / phi - alpha &&
            alpha >= 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m) &&
            beta >= -(1 - phi) * (gamma / m + alpha);
          const coefficients = [phi * (1 - alpha - gamma), alpha + beta - alpha * phi + gamma - 1];
          for (let k = 2; k <= m - 1; k++) coefficients.push(alpha + beta - alpha * phi);
          coefficients.push(alpha + beta - phi, 1);
          const modulus = maxRootModulus(coefficients);
          fc.pre(Math.abs(modulus - 1) > 1e-4);
          expect(isAdmissible(alpha, beta, gamma, phi, m, workspace)).toBe(easy && modulus <= 1 + 1e-10);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts the additive Holt-Winters unit root at phi = 1', () => {
    expect(isAdmissible(0.3, 0.01, 0.1, 1, 12, createAdmissibleWorkspace(12))).toBe(true);
  });

  it('applies the non-seasonal bounds on alpha and beta', () => {
    const workspace = createAdmissibleWorkspace(1);
    expect(isAdmissible(1.5, undefined, undefined, 1, 1, workspace)).toBe(true);
    expect(isAdmissible(2.5, undefined, undefined, 1, 1, workspace)).toBe(false);
    expect(isAdmissible(0.5, 3.5, undefined, 1, 1, workspace)).toBe(false);
  });
});
