import { z } from 'zod';
import { parseInput } from '../../errors/index.js';

/**
 * Validates a skip list at definition time and returns test id → reason.
 *
 * @throws DyocenseError `invalid_input` for an empty or blank reason, an unknown test id or a test skipped
 * twice.
 */
export function parseSkipList<TestId extends string>(
  skip: unknown,
  testIds: readonly TestId[],
  subject: string,
): ReadonlyMap<TestId, string> {
  const schema = z
    .array(
      z.strictObject({
        test: z.enum(testIds as unknown as [TestId, ...TestId[]]),
        reason: z.string().trim().min(1, 'a skipped test must give a non-empty reason'),
      }),
    )
    .superRefine((entries, context) => {
      const seen = new Set<string>();
      entries.forEach((entry, index) => {
        if (seen.has(entry.test)) {
          context.addIssue({ code: 'custom', path: [index, 'test'], message: `skips "${entry.test}" twice` });
        }
        seen.add(entry.test);
      });
    })
    .default([]);
  const entries = parseInput(schema, skip, `skip list of ${subject}`);
  return new Map(entries.map((entry) => [entry.test as TestId, entry.reason]));
}
