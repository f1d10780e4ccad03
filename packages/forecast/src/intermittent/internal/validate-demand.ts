import { DyocenseError } from '@dyocense/core';
import { validateHistory } from '../../naive/internal/validate-history.js';

/**
 * Validates a demand history: finite, non-negative, at least 2 observations.
 *
 * @throws DyocenseError `invalid_input` for non-finite or negative values, `insufficient_data` for fewer than 2.
 */
export function validateDemand(values: readonly number[], method: string): number[] {
  const history = validateHistory(values, method, 2);
  const negative = history.findIndex((value) => value < 0);
  if (negative >= 0) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `The ${method} method needs non-negative demand; position ${negative} is ${history[negative]}.`,
      issues: [{ path: [negative], message: 'Expected a non-negative number', code: 'too_small' }],
    });
  }
  return history;
}

/**
 * Checks a smoothing weight in [0, 1].
 *
 * @throws DyocenseError `invalid_input` otherwise.
 */
export function validateWeight(weight: number, name: string): number {
  if (typeof weight !== 'number' || !(weight >= 0 && weight <= 1)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `The smoothing weight ${name} must lie in [0, 1]; got ${String(weight)}.`,
      issues: [{ path: [name], message: 'Expected a number in [0, 1]', code: 'invalid_weight' }],
    });
  }
  return weight;
}
