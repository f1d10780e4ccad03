import { normalCdf } from '../../internal/distributions/normal-distribution.js';

// MacKinnon (1994), "Approximate asymptotic distribution functions for unit-root and cointegration tests",
// JBES 12(2):167–176, tables for the constant-only ("c") Dickey–Fuller tau with one I(1) series, in the scaled
// form statsmodels uses (`adfvalues.py`): p = Φ(polynomial in tau).
const tauMax = 2.74;
const tauMin = -18.83;
const tauStar = -1.61;
const smallP = [2.1659, 1.4412, 3.8269e-2];
const largeP = [1.7339, 9.3202e-1, -1.2745e-1, -1.0368e-2];

function polynomial(coefficients: readonly number[], x: number): number {
  let value = 0;
  for (let index = coefficients.length - 1; index >= 0; index--)
    value = value * x + (coefficients[index] as number);
  return value;
}

/** MacKinnon's approximate p-value of an ADF tau statistic (regression with a constant). */
export function mackinnonPValue(tau: number): number {
  if (tau > tauMax) return 1;
  if (tau < tauMin) return 0;
  return normalCdf(polynomial(tau <= tauStar ? smallP : largeP, tau));
}

// MacKinnon (2010), "Critical values for cointegration tests", Queen's Economics WP 1227, table 1, N = 1, "c":
// c0 + c1/n + c2/n² + c3/n³ at 1%, 5%, 10%.
const criticalSurfaces = {
  '1%': [-3.43035, -6.5393, -16.786, -79.433],
  '5%': [-2.86154, -2.8903, -4.234, -40.04],
  '10%': [-2.56677, -1.5384, -2.809, 0],
} as const;

/** Finite-sample ADF critical values (constant, no trend) for `observations` regression rows. */
export function mackinnonCriticalValues(observations: number): { '1%': number; '5%': number; '10%': number } {
  const at = (surface: readonly number[]): number => polynomial(surface, 1 / observations);
  return {
    '1%': at(criticalSurfaces['1%']),
    '5%': at(criticalSurfaces['5%']),
    '10%': at(criticalSurfaces['10%']),
  };
}
