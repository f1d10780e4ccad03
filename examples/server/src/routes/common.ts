import { z } from 'zod';

/** A metric name as it appears in paths, queries and bodies. */
export const metricName = z.string().min(1).max(200);

// Ids are validated loosely: a malformed id must answer 404 exactly like a missing one, not 400.
export const idParams = z.object({ id: z.string().max(100) });

/** Whether `id` can be a row id at all (anything else answers 404 without a query). */
export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
