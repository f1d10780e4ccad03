import type { FittedModel } from '../model/fitted-model.js';
import { fitLagWalk } from './internal/lag-walk.js';
import { validateHistory, validatePeriod } from './internal/validate-history.js';

/**
 * The seasonal naive method: each forecast equals the observation one season earlier. Intervals as R's
 * `forecast::snaive`: ±z·σ·√k with k = ⌈h/m⌉ whole seasons ahead and σ² the mean squared seasonal difference.
 *
 * @param values - equally spaced finite observations, at least `period + 1`.
 * @param period - seasonal period m (a positive integer; 1 gives the naive method).
 * @returns a {@link FittedModel} named `Seasonal naive[m]`; the first m `fitted` values are `null`.
 * @throws DyocenseError `invalid_input` for non-finite values or a bad period, `insufficient_data` when shorter
 *   than `period + 1`.
 * @example
 * fitSeasonalNaive(monthlySales, 12).forecast(12, [95]).mean // the last 12 months repeated
 */
export function fitSeasonalNaive(values: readonly number[], period: number): FittedModel {
  validatePeriod(period, 'seasonal naive');
  const history = validateHistory(values, 'seasonal naive', period + 1);
  return fitLagWalk({ values: history, lag: period, drift: false, method: `Seasonal naive[${period}]` });
}
