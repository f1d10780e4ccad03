import type { z } from 'zod';

/**
 * True for a zod 4 schema. Checks the shape rather than `instanceof`, so schemas from a duplicated zod
 * install are accepted too.
 */
export function isZodSchema(value: unknown): value is z.ZodType {
  return (
    typeof value === 'object' &&
    value !== null &&
    '_zod' in value &&
    'safeParse' in value &&
    typeof value.safeParse === 'function'
  );
}
