import { DyocenseError } from '@dyocense/core';

/**
 * Throws when a computed series overflowed (values near ±1.8e308 can do so under differencing or squaring),
 * so callers never see Infinity or NaN.
 *
 * @throws DyocenseError `invalid_input` naming the method and what overflowed.
 */
export function ensureFinite<Values extends readonly (number | null)[]>(
  values: Values,
  method: string,
  what: string,
): Values {
  for (const value of values) {
    if (value !== null && !Number.isFinite(value)) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `The ${method} ${what} overflowed the range of double-precision numbers; rescale the series (e.g. to thousands) and retry.`,
      });
    }
  }
  return values;
}
