import type { z } from 'zod';
import type { PluginContextV1 } from './context-v1.js';

/** What an optimizer guarantees. */
export interface OptimizerCapabilitiesV1 {
  /** The same problem always gives the same solution (checked by the conformance kit). */
  readonly deterministic: boolean;
}

/**
 * An optimizer: validates a problem against `inputSchema`, solves it, and returns a solution that
 * validates against `outputSchema`.
 *
 * `solve` throws `invalid_input` for a malformed problem, `infeasible`/`unbounded` when there is no
 * solution, and rejects with `context.signal.reason` once the signal is aborted.
 */
export interface OptimizerV1<Problem = unknown, Solution = unknown, ProblemInput = Problem> {
  readonly apiVersion: 1;
  readonly kind: 'optimizer';
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly capabilities: OptimizerCapabilitiesV1;
  readonly inputSchema: z.ZodType<Problem, ProblemInput>;
  readonly outputSchema: z.ZodType<Solution>;
  /** `context` defaults to a standalone one (no network, no secrets, never aborted). */
  solve(problem: unknown, context?: PluginContextV1): Promise<Solution>;
}
