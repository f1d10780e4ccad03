import type { CesBlock } from './ces-structure.js';

/**
 * Whether the model is stable (invertible): a unit error's influence on later states dies out, so old
 * observations and the initial states are forgotten, forecasts do not explode and backcasting converges.
 * Svetunkov & Kourentzes call this the admissible region (for non-seasonal CES it is bounded by three circles in
 * the (α0, α1) plane).
 *
 * The check is exact for the lagged seasonal models too: writing block b (lag k_b) with u = B^{k_b} as
 * x_t = F_b·x_{t−k_b} + g_b·ε_t, the error recursion is stable when every root in B of
 * P(B) = det(I − F(B) + g·w(B)′) = Π_b det(I − F_b·u) + Σ_b u·w′·adj(I − F_b·u)·g_b · Π_{c≠b} det(I − F_c·u)
 * lies outside the unit circle (matrix determinant lemma; F(B) is block-diagonal). Those roots are tested by
 * the Schur–Cohn step-down recursion on the reversed polynomial, so no roots are computed. For a single block
 * this is the familiar condition on the eigenvalues of the discount matrix F − g·w′.
 */
export function isCesStable(blocks: readonly CesBlock[]): boolean {
  // CES has one or two blocks; the second (if any) has lag m and the first lag 1. P = (d₁ + n₁)·d₂ + n₂·d₁, where
  // d and n have three coefficients each, at powers 0, k and 2k of B. The fit calls this for every candidate
  // point, so the polynomial is filled directly rather than through general polynomial arithmetic.
  const first = blocks[0] as CesBlock;
  const second = blocks[1];
  const d1 = blockDeterminant(first);
  const n1 = blockNumerator(first);
  const lag1 = first.lag;
  if (second === undefined) {
    // One block: P is a polynomial in u = B^lag, whose roots lie outside the unit circle exactly when those in B do.
    return rootsInsideUnitCircle([d1[2] + n1[2], d1[1] + n1[1], d1[0] + n1[0]]);
  }
  const d2 = blockDeterminant(second);
  const n2 = blockNumerator(second);
  const lag2 = second.lag;
  const polynomial = new Array<number>(2 * lag1 + 2 * lag2 + 1).fill(0);
  for (let i = 0; i < 3; i += 1) {
    for (let j = 0; j < 3; j += 1) {
      const power = i * lag1 + j * lag2;
      const determinant = d1[i] as number;
      const combined = determinant + (n1[i] as number);
      polynomial[power] =
        (polynomial[power] as number) + combined * (d2[j] as number) + determinant * (n2[j] as number);
    }
  }
  while (polynomial.length > 1 && polynomial[polynomial.length - 1] === 0) polynomial.pop();
  // Roots of P(B) outside |B| = 1 ⇔ roots of z^d·P(1/z) inside |z| = 1.
  return rootsInsideUnitCircle(polynomial.reverse());
}

type Triple = readonly [number, number, number];

/** det(I − F·u), coefficients of u⁰, u¹, u² (u = B^lag). */
function blockDeterminant(block: CesBlock): Triple {
  if (block.kind === 'real') return [1, -1, 0];
  return [1, -(2 - block.p0), 2 - block.p0 - block.p1];
}

/** u·w′·adj(I − F·u)·g, coefficients of u⁰, u¹, u². */
function blockNumerator(block: CesBlock): Triple {
  if (block.kind === 'real') return [0, block.b, 0];
  const { p0, p1 } = block;
  return [0, p0 - p1, -((1 - p0) * (p0 - p1) + (1 - p1) * (p0 + p1))];
}

/** Schur–Cohn: p (coefficients p_0..p_d) has all roots in |z| < 1 iff |p_0| < |p_d| and (p_d·p − p_0·p*)/z has too. */
function rootsInsideUnitCircle(coefficients: readonly number[]): boolean {
  let current = Float64Array.from(coefficients);
  let next = new Float64Array(current.length);
  for (let degree = current.length - 1; degree > 0; degree -= 1) {
    const lead = current[degree] as number;
    const constant = current[0] as number;
    if (!(Math.abs(constant) < Math.abs(lead) * (1 - 1e-9))) return false;
    let scale = 0;
    for (let i = 0; i < degree; i += 1) {
      const value = lead * (current[i + 1] as number) - constant * (current[degree - i - 1] as number);
      next[i] = value;
      scale = Math.max(scale, Math.abs(value));
    }
    // Rescale so repeated products stay within floating-point range.
    if (scale > 0) for (let i = 0; i < degree; i += 1) next[i] = (next[i] as number) / scale;
    const swap = current;
    current = next;
    next = swap;
  }
  return true;
}
