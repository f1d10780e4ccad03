import { DyocenseError, type ErrorCode, type ErrorIssue } from '../../errors/index.js';

/** Throws one error listing every problem, or returns when there are none. */
export function throwIfProblems(
  problems: readonly string[],
  options: {
    code: ErrorCode;
    subject: string;
    details?: Record<string, unknown>;
    issues?: readonly ErrorIssue[];
  },
): void {
  if (problems.length === 0) return;
  const more =
    problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  throw new DyocenseError({
    code: options.code,
    message: `${options.subject}: ${problems[0]}${more}`,
    issues: options.issues ?? problems.map((message) => ({ path: [], message, code: 'custom' })),
    details: { ...options.details, problems },
  });
}

/** The message of any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
