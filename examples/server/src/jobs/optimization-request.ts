import { DyocenseError, parseInput } from '@dyocense/core';
import {
  budgetProblemSchema,
  economicOrderQuantity,
  inventoryOrderProblemSchema,
  reorderPoint,
  safetyStock,
  staffingOptionsSchema,
  staffingProblemSchema,
  taskAssignmentProblemSchema,
} from '@dyocense/optimizer';
import { z } from 'zod';
import { inventoryModels, type JobTask, optimizationKinds } from './job-task.js';

/** Longest time limit a run may ask for, in seconds: a worker is a shared, bounded resource. */
export const maxTimeLimitSeconds = 600;

const timeLimit = z.number().positive().max(maxTimeLimitSeconds);
const limitsSchema = z.strictObject({
  timeLimit: timeLimit.optional(),
  gapTolerance: z.number().min(0).max(1).optional(),
});
const staffingRunOptionsSchema = staffingOptionsSchema
  .omit({ signal: true })
  .extend({ timeLimit: timeLimit.optional() })
  .strict();

/** Body of `POST /v1/optimizations` before the engine checks `input`. */
export const optimizationRequestSchema = z.object({
  kind: z.enum(optimizationKinds),
  input: z.record(z.string(), z.unknown()).meta({
    description:
      "The engine's problem. inventory: `{ model: 'eoq', annualDemand, orderCost, holdingCost }`, `{ model: " +
      "'safety-stock' | 'reorder-point', demandMean, demandSd, leadTime, leadTimeSd?, cycleServiceLevel | z }` or " +
      "a multi-product ordering problem (`model: 'ordering'`, the default); staffing: a shift-scheduling problem; " +
      'assignment: workers and tasks; budget: total budget and channels. Issues name fields relative to `input`.',
  }),
  options: z
    .record(z.string(), z.unknown())
    .default({})
    .meta({
      description: `timeLimit (s, at most ${maxTimeLimitSeconds}), gapTolerance; staffing also takes soft rules`,
    }),
});
export type OptimizationRequest = z.output<typeof optimizationRequestSchema>;

/** Seconds a run may take when it names no limit (the engines' own defaults). */
function defaultTimeLimit(task: JobTask): number {
  return task.kind === 'inventory' && task.model !== 'ordering' ? 1 : 10;
}

/** A checked run: the task for a worker and its time budget in seconds. */
export interface OptimizationPlan {
  readonly task: JobTask;
  readonly timeLimitSeconds: number;
}

/**
 * Checks a run's `input` and `options` with the engine's own schemas, so a bad problem is refused before it is
 * queued, with the engine's message and issues (paths relative to `input` or `options`).
 *
 * @throws DyocenseError `invalid_input`.
 */
export function planOptimization(request: OptimizationRequest): OptimizationPlan {
  const task = toTask(request);
  const limit = (task.options as { timeLimit?: number }).timeLimit;
  return { task, timeLimitSeconds: limit ?? defaultTimeLimit(task) };
}

function toTask({ kind, input, options }: OptimizationRequest): JobTask {
  switch (kind) {
    case 'staffing':
      parseInput(staffingProblemSchema, input, 'staffing problem');
      return { kind, input, options: parseInput(staffingRunOptionsSchema, options, 'staffing options') };
    case 'assignment':
      parseInput(taskAssignmentProblemSchema, input, 'task assignment problem');
      return { kind, input, options: parseInput(limitsSchema, options, 'assignment options') };
    case 'budget':
      parseInput(budgetProblemSchema, input, 'budget allocation problem');
      return { kind, input, options: parseInput(limitsSchema, options, 'budget options') };
    case 'inventory': {
      const { model = 'ordering', ...problem } = input;
      const parsedModel = parseInput(z.enum(inventoryModels), model, 'inventory model (input.model)');
      const limits = parseInput(limitsSchema, options, 'inventory options');
      // The closed forms do not export their schemas; each is O(1), so calling it is its validation.
      if (parsedModel === 'eoq') economicOrderQuantity(problem as never);
      else if (parsedModel === 'safety-stock') safetyStock(problem as never);
      else if (parsedModel === 'reorder-point') reorderPoint(problem as never);
      else parseInput(inventoryOrderProblemSchema, problem, 'inventory ordering problem');
      return { kind, model: parsedModel, input: problem, options: limits };
    }
  }
  throw new DyocenseError({ code: 'invalid_input', message: `Unknown optimisation kind "${String(kind)}"` });
}
