import { decomposeMstl } from './decompose-mstl.js';

/** The strength of one seasonal period. */
export interface SeasonalStrength {
  readonly period: number;
  /** `max(0, min(1, 1 - var(remainder) / var(remainder + seasonal)))`: 0 none, near 1 dominant. */
  readonly strength: number;
}

function variance(values: readonly number[]): number {
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  return values.reduce((total, value) => total + (value - mean) ** 2, 0) / (values.length - 1);
}

/**
 * Seasonal strength of each period (Wang, Smith & Hyndman 2006), from an MSTL decomposition with R's
 * defaults, exactly as R's `forecast:::seas.heuristic`, which `nsdiffs(test = "seas")` and so `auto.arima`
 * use (a seasonal difference when the strength exceeds 0.64).
 *
 * @param values - equally spaced finite observations.
 * @param seasonPeriods - the periods to assess; those without more than two cycles in the history are left out.
 * @throws DyocenseError `invalid_input` for bad values or periods; `insufficient_data` when no period has
 *   more than two full cycles.
 * @example
 * const [daily] = seasonalStrength(hourlySales, [24]);
 * if ((daily?.strength ?? 0) > 0.64) seasonalDifferences = 1;
 */
export function seasonalStrength(
  values: readonly number[],
  seasonPeriods: readonly number[],
): SeasonalStrength[] {
  const decomposition = decomposeMstl(values, { seasonPeriods });
  const remainderVariance = variance(decomposition.remainder);
  return decomposition.seasonal.map(({ period, values: component }) => {
    const total = variance(
      decomposition.remainder.map((value, index) => value + (component[index] as number)),
    );
    const ratio = total > 0 ? 1 - remainderVariance / total : 0;
    return { period, strength: Math.max(0, Math.min(1, Number.isFinite(ratio) ? ratio : 0)) };
  });
}
