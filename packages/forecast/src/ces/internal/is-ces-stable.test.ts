import { describe, expect, it } from 'vitest';
import { cesBlocks } from './ces-structure.js';
import { isCesStable } from './is-ces-stable.js';

/** Spectral radius of the 2×2 discount matrix of non-seasonal CES, from the quadratic formula. */
function spectralRadius(a0: number, a1: number): number {
  const d11 = 1 - a0 + a1;
  const d12 = a1 - 1;
  const d21 = 1 - a0 - a1;
  const d22 = 1 - a0;
  const trace = d11 + d22;
  const determinant = d11 * d22 - d12 * d21;
  const discriminant = trace * trace - 4 * determinant;
  if (discriminant < 0) return Math.sqrt(determinant);
  const root = Math.sqrt(discriminant);
  return Math.max(Math.abs((trace + root) / 2), Math.abs((trace - root) / 2));
}

describe('isCesStable', () => {
  it('agrees with the eigenvalues of the non-seasonal discount matrix on a grid', () => {
    let stable = 0;
    for (let a0 = -0.5; a0 <= 3; a0 += 0.05) {
      for (let a1 = -0.5; a1 <= 2; a1 += 0.05) {
        const radius = spectralRadius(a0, a1);
        if (Math.abs(radius - 1) < 1e-6) continue;
        expect(isCesStable(cesBlocks('none', 1, [a0, a1]))).toBe(radius < 1);
        if (radius < 1) stable += 1;
      }
    }
    expect(stable).toBeGreaterThan(100);
  });

  it("matches the paper's region for non-seasonal CES at a few points", () => {
    // Svetunkov & Kourentzes: (α0 − 2.5)² + α1² > 1.25, (α0 − 0.5)² + (α1 − 1)² > 0.25, (α0 − 1.5)² + (α1 − 0.5)² < 1.5.
    expect(isCesStable(cesBlocks('none', 1, [1.3, 1]))).toBe(true);
    expect(isCesStable(cesBlocks('none', 1, [1.8, 0.6]))).toBe(false);
    expect(isCesStable(cesBlocks('none', 1, [0.5, 1]))).toBe(false);
  });

  it('judges seasonal models on their lagged recursions', () => {
    expect(isCesStable(cesBlocks('partial', 12, [1.3, 0.97, 0.1]))).toBe(true);
    expect(isCesStable(cesBlocks('partial', 12, [1.3, 0.97, 2.5]))).toBe(false);
    // α1 = 1 gives the complex level a unit root that the real seasonal shares at frequency 0: a shift between
    // level and seasonal never dies out, so the model is not invertible.
    expect(isCesStable(cesBlocks('partial', 12, [1.3, 1, 0.1]))).toBe(false);
    expect(isCesStable(cesBlocks('full', 12, [1.5, 0.97, 1.3, 0.9]))).toBe(true);
    expect(isCesStable(cesBlocks('simple', 12, [1.8, 0.6]))).toBe(false);
  });
});
