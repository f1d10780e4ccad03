import type { z } from 'zod';
import { DyocenseError, type ErrorIssue } from './dyocense-error.js';

/** Converts zod issues into Dyocense issues (path, message, code). */
export function toErrorIssues(issues: readonly z.core.$ZodIssue[]): ErrorIssue[] {
  return issues.map((issue) => ({ path: issue.path, message: issue.message, code: issue.code }));
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/**
 * Validates `input` against `schema` and returns the parsed value.
 *
 * @param what - names the input in the message, e.g. `'forecast options'`.
 * @throws DyocenseError `invalid_input` listing every zod issue.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = toErrorIssues(result.error.issues);
  const first = issues[0];
  const summary = first ? `${formatPath(first.path)}: ${first.message}` : 'does not match the schema';
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  throw new DyocenseError({
    code: 'invalid_input',
    message: `Invalid ${what}: ${summary}${more}`,
    issues,
    cause: result.error,
  });
}
