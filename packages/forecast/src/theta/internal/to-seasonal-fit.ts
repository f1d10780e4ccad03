import { ensureFinite } from '../../naive/internal/ensure-finite.js';

/**
 * Fitted values and residuals on the original scale: one-step fits of the seasonally adjusted series times
 * the seasonal factors, and the history less those fits.
 *
 * @throws DyocenseError `invalid_input` when the fitted values or residuals overflow.
 */
export function toSeasonalFit(
  history: readonly number[],
  adjustedFits: readonly number[],
  factors: readonly number[],
  method: string,
): { readonly fitted: number[]; readonly residuals: number[] } {
  const fitted = ensureFinite(
    adjustedFits.map((value, index) => value * (factors[index] as number)),
    method,
    'fitted values',
  );
  const residuals = ensureFinite(
    history.map((value, index) => value - (fitted[index] as number)),
    method,
    'residuals',
  );
  return { fitted, residuals };
}
