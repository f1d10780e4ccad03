import type { FittedModel } from '../model/fitted-model.js';
import { fitLagWalk } from './internal/lag-walk.js';
import { validateHistory } from './internal/validate-history.js';

/**
 * The naive method (random walk): every forecast equals the last observation. Intervals as R's
 * `forecast::naive`: ±z·σ·√h with σ² the mean squared first difference.
 *
 * @param values - equally spaced finite observations, at least 2.
 * @returns a {@link FittedModel} named `Naive` with parameter `sigma`; `fitted[0]` is `null`.
 * @throws DyocenseError `invalid_input` for non-finite values, `insufficient_data` for fewer than 2.
 * @example
 * const model = fitNaive([12, 15, 14, 18]);
 * model.forecast(3, [80, 95]).mean // [18, 18, 18]
 */
export function fitNaive(values: readonly number[]): FittedModel {
  const history = validateHistory(values, 'naive', 2);
  return fitLagWalk({ values: history, lag: 1, drift: false, method: 'Naive' });
}
