import { DyocenseError } from '@dyocense/core';
import { guerreroLambda } from '../../forecast/internal/box-cox.js';

/**
 * The Box-Cox parameter to use: none when `lambda` is omitted, the given value, or for `'auto'` Guerrero's
 * method on cycles of `period` (R's `BoxCox.lambda`, whose frequency for an `msts` is the longest period).
 *
 * @throws DyocenseError `invalid_input` when a transform is requested and a value is not strictly positive.
 */
export function resolveLambda(
  history: readonly number[],
  lambda: number | 'auto' | undefined,
  period: number,
): number | undefined {
  if (lambda === undefined) return undefined;
  const position = history.findIndex((value) => !(value > 0));
  if (position >= 0) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `A Box-Cox transform needs strictly positive values; the value at position ${position} is ${String(history[position])}.`,
      issues: [{ path: [position], message: 'Expected a positive number', code: 'not_positive' }],
    });
  }
  return lambda === 'auto' ? guerreroLambda(history, Math.max(1, Math.floor(period))) : lambda;
}
