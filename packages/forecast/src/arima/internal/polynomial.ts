// biome-ignore-all lint/style/noNonNullAssertion: numeric kernel; every index is bounded by the loop limits.

/** A complex number. */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

/**
 * Roots of `c_0 + c_1 z + ... + c_k z^k` (coefficients in increasing degree, `c_k != 0`) by the
 * Aberth–Ehrlich iteration. Meant for the low degrees of ARMA polynomials (up to a few dozen).
 */
export function polynomialRoots(coefficients: readonly number[]): Complex[] {
  let degree = coefficients.length - 1;
  while (degree > 0 && coefficients[degree] === 0) degree--;
  if (degree < 1) return [];
  const lead = coefficients[degree]!;
  // Monic coefficients, increasing degree.
  const a = new Float64Array(degree + 1);
  for (let i = 0; i <= degree; i++) a[i] = coefficients[i]! / lead;
  // Initial guesses on a circle of radius given by the Cauchy bound, rotated off the real axis.
  let bound = 0;
  for (let i = 0; i < degree; i++) bound = Math.max(bound, Math.abs(a[i]!));
  const radius = Math.min(1 + bound, 2);
  const re = new Float64Array(degree);
  const im = new Float64Array(degree);
  for (let k = 0; k < degree; k++) {
    const angle = (2 * Math.PI * k) / degree + 0.4;
    re[k] = radius * Math.cos(angle);
    im[k] = radius * Math.sin(angle);
  }
  for (let iteration = 0; iteration < 500; iteration++) {
    let maxStep = 0;
    for (let k = 0; k < degree; k++) {
      // Horner for p and p'.
      let pRe = a[degree]!;
      let pIm = 0;
      let dRe = 0;
      let dIm = 0;
      const zRe = re[k]!;
      const zIm = im[k]!;
      for (let i = degree - 1; i >= 0; i--) {
        const ndRe = dRe * zRe - dIm * zIm + pRe;
        const ndIm = dRe * zIm + dIm * zRe + pIm;
        dRe = ndRe;
        dIm = ndIm;
        const npRe = pRe * zRe - pIm * zIm + a[i]!;
        const npIm = pRe * zIm + pIm * zRe;
        pRe = npRe;
        pIm = npIm;
      }
      // ratio = p / p'
      const dModulus = dRe * dRe + dIm * dIm;
      if (dModulus === 0 && pRe === 0 && pIm === 0) continue;
      let ratioRe = dModulus === 0 ? 1e-3 : (pRe * dRe + pIm * dIm) / dModulus;
      let ratioIm = dModulus === 0 ? 0 : (pIm * dRe - pRe * dIm) / dModulus;
      // sum of 1 / (z_k - z_j)
      let sumRe = 0;
      let sumIm = 0;
      for (let j = 0; j < degree; j++) {
        if (j === k) continue;
        const diffRe = zRe - re[j]!;
        const diffIm = zIm - im[j]!;
        const diffModulus = diffRe * diffRe + diffIm * diffIm;
        if (diffModulus === 0) continue;
        sumRe += diffRe / diffModulus;
        sumIm -= diffIm / diffModulus;
      }
      // step = ratio / (1 - ratio * sum)
      const denominatorRe = 1 - (ratioRe * sumRe - ratioIm * sumIm);
      const denominatorIm = -(ratioRe * sumIm + ratioIm * sumRe);
      const denominatorModulus = denominatorRe * denominatorRe + denominatorIm * denominatorIm;
      if (denominatorModulus > 0) {
        const stepRe = (ratioRe * denominatorRe + ratioIm * denominatorIm) / denominatorModulus;
        const stepIm = (ratioIm * denominatorRe - ratioRe * denominatorIm) / denominatorModulus;
        ratioRe = stepRe;
        ratioIm = stepIm;
      }
      re[k] = zRe - ratioRe;
      im[k] = zIm - ratioIm;
      maxStep = Math.max(maxStep, Math.hypot(ratioRe, ratioIm) / Math.max(1, Math.hypot(re[k]!, im[k]!)));
    }
    if (maxStep < 1e-14) break;
  }
  const roots: Complex[] = [];
  for (let k = 0; k < degree; k++) roots.push({ re: re[k]!, im: im[k]! });
  return roots;
}
