import type { z } from 'zod';
import { DyocenseError, parseInput, toErrorIssues } from '../errors/index.js';
import { optimizerCapabilityProblems } from './internal/capability-problems.js';
import { optimizerShapeSchema } from './internal/contribution-schemas.js';
import { deepFreezeData } from './internal/deep-freeze-data.js';
import { throwIfProblems } from './internal/problems.js';
import { raceAbort } from './internal/race-abort.js';
import { standaloneContext } from './internal/standalone-context.js';
import type { PluginContextV1 } from './spec/context-v1.js';
import type { OptimizerV1 } from './spec/optimizer-v1.js';

/** What an optimizer author writes; {@link defineOptimizer} validates it and returns an {@link OptimizerV1}. */
export interface OptimizerDefinition<InputSchema extends z.ZodType, OutputSchema extends z.ZodType> {
  readonly apiVersion?: 1;
  readonly id: string;
  readonly name: string;
  /** Default `''`. */
  readonly description?: string;
  /** `deterministic` defaults to `false`. */
  readonly capabilities?: { readonly deterministic?: boolean };
  readonly inputSchema: InputSchema;
  readonly outputSchema: OutputSchema;
  /**
   * Receives the parsed problem. Long solvers should check `context.signal` between iterations; the
   * wrapper stops waiting as soon as it aborts either way.
   */
  solve(
    problem: z.output<InputSchema>,
    context: PluginContextV1,
  ): Promise<z.input<OutputSchema>> | z.input<OutputSchema>;
}

/**
 * Defines an optimizer and returns a frozen {@link OptimizerV1} whose `solve(problem, context?)`:
 * parses the problem with `inputSchema` (`invalid_input` with zod's issues on failure), rejects with
 * `context.signal.reason` when the signal is or becomes aborted, and parses the solution with
 * `outputSchema` (`internal` when the author's solution does not match it).
 *
 * @throws DyocenseError `invalid_input` when the definition is malformed or a schema cannot be converted
 * to JSON Schema.
 * @example
 * const reorder = defineOptimizer({
 *   id: 'reorder-point', name: 'Reorder point',
 *   inputSchema: z.object({ dailyDemand: z.number().positive(), leadTimeDays: z.number().positive() }),
 *   outputSchema: z.object({ reorderPoint: z.number() }),
 *   solve: ({ dailyDemand, leadTimeDays }) => ({ reorderPoint: dailyDemand * leadTimeDays }),
 * });
 * await reorder.solve({ dailyDemand: 4, leadTimeDays: 3 }); // { reorderPoint: 12 }
 */
export function defineOptimizer<InputSchema extends z.ZodType, OutputSchema extends z.ZodType>(
  definition: OptimizerDefinition<InputSchema, OutputSchema>,
): OptimizerV1<z.output<InputSchema>, z.output<OutputSchema>, z.input<InputSchema>> {
  if (typeof definition !== 'object' || definition === null) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'Invalid optimizer definition: must be an object',
    });
  }
  const candidate = {
    apiVersion: definition.apiVersion ?? 1,
    kind: 'optimizer' as const,
    id: definition.id,
    name: definition.name,
    description: definition.description ?? '',
    capabilities: { deterministic: definition.capabilities?.deterministic ?? false },
    inputSchema: definition.inputSchema,
    outputSchema: definition.outputSchema,
    solve: definition.solve,
  };
  const subject = `optimizer definition${typeof definition.id === 'string' ? ` "${definition.id}"` : ''}`;
  const parsed = parseInput(optimizerShapeSchema, candidate, subject);
  const problems = optimizerCapabilityProblems(parsed as unknown as OptimizerV1<unknown, unknown, unknown>);
  if (parsed.apiVersion !== 1)
    problems.unshift(`apiVersion ${parsed.apiVersion} is not supported (this core supports 1)`);
  throwIfProblems(problems, { code: 'invalid_input', subject: `Invalid ${subject}` });

  const { id } = parsed;
  const { inputSchema, outputSchema } = definition;
  const optimizer: OptimizerV1<z.output<InputSchema>, z.output<OutputSchema>, z.input<InputSchema>> = {
    apiVersion: 1,
    kind: 'optimizer',
    id,
    name: parsed.name,
    description: parsed.description,
    capabilities: parsed.capabilities,
    inputSchema: inputSchema as unknown as z.ZodType<z.output<InputSchema>, z.input<InputSchema>>,
    outputSchema: outputSchema as unknown as z.ZodType<z.output<OutputSchema>>,
    async solve(problem, context) {
      const resolved = context ?? standaloneContext();
      resolved.signal.throwIfAborted();
      const valid = parseInput(inputSchema, problem, `problem for optimizer "${id}"`);
      const solution = await raceAbort(
        Promise.resolve().then(() => definition.solve(valid, resolved)),
        resolved.signal,
      );
      const result = outputSchema.safeParse(solution);
      if (!result.success) {
        throw new DyocenseError({
          code: 'internal',
          message: `Optimizer "${id}" returned a solution that does not match its outputSchema`,
          issues: toErrorIssues(result.error.issues),
          cause: result.error,
        });
      }
      return result.data as z.output<OutputSchema>;
    },
  };
  return deepFreezeData(optimizer);
}
