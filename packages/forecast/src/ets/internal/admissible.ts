/** Scratch space for {@link isAdmissible}: two coefficient buffers of degree m + 1. */
export interface AdmissibleWorkspace {
  readonly current: Float64Array;
  readonly next: Float64Array;
}

export function createAdmissibleWorkspace(m: number): AdmissibleWorkspace {
  return { current: new Float64Array(m + 2), next: new Float64Array(m + 2) };
}

/** R accepts characteristic roots up to this modulus. */
const rootRadius = 1 + 1e-10;

/**
 * True when every root of `sum coefficients[k] z^k` (real coefficients, `coefficients[degree] != 0`) has
 * modulus at most {@link rootRadius}. Uses the Schur–Cohn step-down recursion on `p(radius * z)`, which
 * decides the question without computing the roots (O(degree^2), allocation-free).
 */
function rootsInsideRadius(coefficients: Float64Array, degree: number, next: Float64Array): boolean {
  let scale = 1;
  for (let k = 0; k <= degree; k++) {
    coefficients[k] = (coefficients[k] ?? 0) * scale;
    scale *= rootRadius;
  }
  let current = coefficients;
  let other = next;
  for (let d = degree; d >= 1; d--) {
    const lead = current[d] ?? 0;
    const constant = current[0] ?? 0;
    if (!(Math.abs(constant) < Math.abs(lead))) return false;
    // q(z) = (lead * p(z) - constant * reversed p(z)) / z, normalised to a monic polynomial.
    const newLead = lead * lead - constant * constant;
    for (let j = 0; j < d; j++)
      other[j] = (lead * (current[j + 1] ?? 0) - constant * (current[d - j - 1] ?? 0)) / newLead;
    const swap = current;
    current = other;
    other = swap;
  }
  return true;
}

/**
 * R's `admissible()` for ETS parameters (Hyndman, Akram & Archibald 2008): the forecastability region of the
 * additive model, including the characteristic-polynomial condition for seasonal models.
 *
 * @param beta - `undefined` when the model has no trend.
 * @param gamma - `undefined` when the model has no season.
 * @param phi - 1 for undamped models.
 */
export function isAdmissible(
  alpha: number,
  beta: number | undefined,
  gamma: number | undefined,
  phi: number,
  m: number,
  workspace: AdmissibleWorkspace,
): boolean {
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (gamma === undefined) {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
    if (beta !== undefined && (beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha))) return false;
    return true;
  }
  if (m <= 1) return true;
  const b = beta ?? 0;
  if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) return false;
  if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
  if (b < -(1 - phi) * (gamma / m + alpha)) return false;
  // Characteristic polynomial, increasing powers:
  // phi(1 - alpha - gamma) + (alpha + beta - alpha phi + gamma - 1) z + (alpha + beta - alpha phi)(z^2 .. z^(m-1))
  //   + (alpha + beta - phi) z^m + z^(m+1).
  const coefficients = workspace.current;
  coefficients[0] = phi * (1 - alpha - gamma);
  coefficients[1] = alpha + b - alpha * phi + gamma - 1;
  for (let k = 2; k <= m - 1; k++) coefficients[k] = alpha + b - alpha * phi;
  coefficients[m] = alpha + b - phi;
  coefficients[m + 1] = 1;
  return rootsInsideRadius(coefficients, m + 1, workspace.next);
}
