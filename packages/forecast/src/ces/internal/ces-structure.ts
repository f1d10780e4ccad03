/** The seasonal variants of complex exponential smoothing (Svetunkov, Kourentzes & Ord 2022). */
export type CesSeasonality = 'none' | 'simple' | 'partial' | 'full';

/**
 * One part of a CES model: a complex pair (level ℓ and its imaginary companion c) smoothed with the complex
 * parameter p0 + i·p1, or a real component smoothed with b; `lag` is 1 or the seasonal period.
 */
export type CesBlock =
  | { readonly kind: 'complex'; readonly lag: number; readonly p0: number; readonly p1: number }
  | { readonly kind: 'real'; readonly lag: number; readonly b: number };

/** Names of the smoothing parameters of each variant, in the order of the optimiser's vector. */
export const cesParameterNames: Readonly<Record<CesSeasonality, readonly string[]>> = {
  none: ['alpha0', 'alpha1'],
  simple: ['alpha0', 'alpha1'],
  partial: ['alpha0', 'alpha1', 'beta'],
  full: ['alpha0', 'alpha1', 'beta0', 'beta1'],
};

/** Labels as R's `smooth::ces` prints them. */
export const cesLabels: Readonly<Record<CesSeasonality, string>> = {
  none: 'CES(n)',
  simple: 'CES(s)',
  partial: 'CES(p)',
  full: 'CES(f)',
};

/**
 * The blocks of a variant: none = complex lag 1; simple = complex lag m; partial = complex lag 1 + real lag m;
 * full = complex lag 1 + complex lag m. The measurement is the sum of the blocks' first components.
 */
export function cesBlocks(
  seasonality: CesSeasonality,
  period: number,
  parameters: readonly number[],
): CesBlock[] {
  const [a0 = 0, a1 = 0, b0 = 0, b1 = 0] = parameters;
  switch (seasonality) {
    case 'none':
      return [{ kind: 'complex', lag: 1, p0: a0, p1: a1 }];
    case 'simple':
      return [{ kind: 'complex', lag: period, p0: a0, p1: a1 }];
    case 'partial':
      return [
        { kind: 'complex', lag: 1, p0: a0, p1: a1 },
        { kind: 'real', lag: period, b: b0 },
      ];
    case 'full':
      return [
        { kind: 'complex', lag: 1, p0: a0, p1: a1 },
        { kind: 'complex', lag: period, p0: b0, p1: b1 },
      ];
  }
}
