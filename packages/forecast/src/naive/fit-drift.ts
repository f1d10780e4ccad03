import type { FittedModel } from '../model/fitted-model.js';
import { fitLagWalk } from './internal/lag-walk.js';
import { validateHistory } from './internal/validate-history.js';

/**
 * The drift method (random walk with drift): forecasts extend the line from the first to the last observation.
 * Intervals as R's `forecast::rwf(drift = TRUE)`, including the uncertainty of the estimated drift:
 * se_h = sqrt(σ²·h + (h·se(b))²), where b and σ come from `lm(diff(y) ~ 1)`.
 *
 * @param values - equally spaced finite observations, at least 3 (two differences estimate σ).
 * @returns a {@link FittedModel} named `Random walk with drift` with parameters `drift`,
 *   `driftStandardError` and `sigma`; `fitted[0]` is `null`.
 * @throws DyocenseError `invalid_input` for non-finite values, `insufficient_data` for fewer than 3.
 * @example
 * fitDrift([10, 12, 14, 16]).forecast(2, [80]).mean // [18, 20]
 */
export function fitDrift(values: readonly number[]): FittedModel {
  const history = validateHistory(values, 'drift', 3);
  return fitLagWalk({ values: history, lag: 1, drift: true, method: 'Random walk with drift' });
}
