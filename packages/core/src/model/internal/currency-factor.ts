import type { z } from 'zod';
import { parseUnit } from '../unit.js';

/**
 * Adds an issue at `currency` when a metric or KPI pins an ISO code but its unit has no plain `currency` factor
 * to apply it to. A malformed unit also gets the issue; the unit's own schema reports why it is malformed.
 */
export function refineCurrencyFactor(
  definition: { readonly unit: string; readonly currency?: string | undefined },
  context: z.RefinementCtx,
): void {
  if (definition.currency === undefined || hasGenericCurrency(definition.unit)) return;
  context.addIssue({
    code: 'custom',
    path: ['currency'],
    message: `is only allowed when the unit contains a plain "currency" factor (unit is "${definition.unit}")`,
  });
}

function hasGenericCurrency(unit: string): boolean {
  try {
    return parseUnit(unit).factors.currency !== undefined;
  } catch {
    return false;
  }
}
