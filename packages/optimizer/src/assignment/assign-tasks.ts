import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { solveLinearModel } from '../solver/internal/solve-linear-model.js';
import type { LinearTerm } from '../solver/linear-model.js';
import { createLinearModelBuilder } from '../solver/linear-model-builder.js';

/** zod schema of {@link TaskAssignmentProblem}. */
export const taskAssignmentProblemSchema = z
  .object({
    workers: z
      .array(
        z.object({
          id: z.string().min(1),
          skills: z.array(z.string().min(1)).default([]),
          /** Hours available. */
          capacity: z.number().finite().nonnegative(),
        }),
      )
      .min(1),
    tasks: z
      .array(
        z.object({
          id: z.string().min(1),
          /** Skill needed; omit when anyone can do it. */
          skill: z.string().min(1).optional(),
          /** Hours the task takes. */
          hours: z.number().finite().nonnegative(),
          /** Value of getting it done (currency or points). */
          value: z.number().finite(),
          /** Must be assigned (the plan is infeasible otherwise). Default false. */
          required: z.boolean().default(false),
        }),
      )
      .min(1),
    /** Worker-specific values overriding `task.value` (e.g. a faster worker earns more). */
    values: z
      .array(z.object({ workerId: z.string(), taskId: z.string(), value: z.number().finite() }))
      .default([]),
  })
  .superRefine((problem, context) => {
    const workers = new Set(problem.workers.map((worker) => worker.id));
    const tasks = new Set(problem.tasks.map((task) => task.id));
    if (workers.size !== problem.workers.length)
      context.addIssue({ code: 'custom', path: ['workers'], message: 'worker ids must be unique' });
    if (tasks.size !== problem.tasks.length)
      context.addIssue({ code: 'custom', path: ['tasks'], message: 'task ids must be unique' });
    problem.values.forEach((entry, index) => {
      if (!workers.has(entry.workerId))
        context.addIssue({
          code: 'custom',
          path: ['values', index, 'workerId'],
          message: `unknown worker '${entry.workerId}'`,
        });
      if (!tasks.has(entry.taskId))
        context.addIssue({
          code: 'custom',
          path: ['values', index, 'taskId'],
          message: `unknown task '${entry.taskId}'`,
        });
    });
  });

/** Tasks to give to workers with skills and limited hours (input shape). */
export type TaskAssignmentProblem = z.input<typeof taskAssignmentProblemSchema>;

/** Result of {@link assignTasks}. */
export interface TaskAssignmentResult {
  readonly status: 'optimal' | 'feasible' | 'infeasible';
  /** Total value of the assigned tasks. */
  readonly value: number;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly assignments: readonly {
    readonly workerId: string;
    readonly taskId: string;
    readonly value: number;
  }[];
  readonly unassignedTaskIds: readonly string[];
  readonly workers: readonly {
    readonly workerId: string;
    readonly hours: number;
    readonly capacity: number;
  }[];
  /** Why the required tasks cannot all be done; null unless infeasible. */
  readonly explanation: string | null;
}

/**
 * Assigns tasks to workers maximising total value: each task to at most one worker who has its skill
 * (exactly one when `required`), each worker within their hours. Solved as a MIP (HiGHS) and re-checked.
 *
 * @throws DyocenseError `invalid_input` naming the field; `solver_timeout` when no plan is found in time.
 */
export async function assignTasks(
  problem: TaskAssignmentProblem,
  options: {
    readonly timeLimit?: number;
    readonly gapTolerance?: number;
    readonly signal?: AbortSignal;
  } = {},
): Promise<TaskAssignmentResult> {
  const parsed = parseInput(taskAssignmentProblemSchema, problem, 'task assignment problem');
  const override = new Map(
    parsed.values.map((entry) => [`${entry.workerId}\u0000${entry.taskId}`, entry.value]),
  );
  const builder = createLinearModelBuilder('maximize');
  const pairs: { worker: number; task: number; variable: number; value: number }[] = [];
  parsed.workers.forEach((worker, workerIndex) => {
    parsed.tasks.forEach((task, taskIndex) => {
      if (task.skill !== undefined && !worker.skills.includes(task.skill)) return;
      if (task.hours > worker.capacity) return;
      const value = override.get(`${worker.id}\u0000${task.id}`) ?? task.value;
      const variable = builder.addVariable({
        name: `x[${worker.id},${task.id}]`,
        integer: true,
        upper: 1,
        cost: value,
      });
      pairs.push({ worker: workerIndex, task: taskIndex, variable, value });
    });
  });
  const byTask = (taskIndex: number): LinearTerm[] =>
    pairs
      .filter((pair) => pair.task === taskIndex)
      .map((pair) => ({ variable: pair.variable, coefficient: 1 }));
  parsed.tasks.forEach((task, taskIndex) => {
    builder.addConstraint({
      name: `task[${task.id}]`,
      terms: byTask(taskIndex),
      upper: 1,
      ...(task.required ? { lower: 1 } : {}),
    });
  });
  parsed.workers.forEach((worker, workerIndex) => {
    builder.addConstraint({
      name: `capacity[${worker.id}]`,
      terms: pairs
        .filter((pair) => pair.worker === workerIndex)
        .map((pair) => ({ variable: pair.variable, coefficient: parsed.tasks[pair.task]?.hours ?? 0 })),
      upper: worker.capacity,
    });
  });
  const solved = await solveLinearModel(builder.build(), {
    backend: 'highs',
    timeLimit: options.timeLimit ?? 10,
    gapTolerance: options.gapTolerance ?? 1e-4,
    signal: options.signal,
    initialValues: undefined,
    feasibilityTolerance: 1e-6,
    fixedIntegerDuals: false,
  });
  const workers = parsed.workers.map((worker) => ({
    workerId: worker.id,
    hours: 0,
    capacity: worker.capacity,
  }));
  if (solved.status === 'infeasible') {
    return {
      status: 'infeasible',
      value: 0,
      bound: null,
      gap: null,
      assignments: [],
      unassignedTaskIds: parsed.tasks.map((task) => task.id),
      workers,
      explanation: explainRequired(parsed),
    };
  }
  if (solved.values === null || solved.objective === null) {
    throw new DyocenseError({
      code: 'solver_timeout',
      message: 'No task assignment found within the time limit',
    });
  }
  const values = solved.values;
  const chosen = pairs.filter((pair) => (values[pair.variable] ?? 0) > 0.5);
  const assigned = new Set(chosen.map((pair) => pair.task));
  for (const pair of chosen) {
    const load = workers[pair.worker];
    if (load !== undefined)
      workers[pair.worker] = { ...load, hours: load.hours + (parsed.tasks[pair.task]?.hours ?? 0) };
  }
  return {
    status: solved.status === 'optimal' ? 'optimal' : 'feasible',
    value: solved.objective,
    bound: solved.bound,
    gap: solved.gap,
    assignments: chosen.map((pair) => ({
      workerId: parsed.workers[pair.worker]?.id ?? '',
      taskId: parsed.tasks[pair.task]?.id ?? '',
      value: pair.value,
    })),
    unassignedTaskIds: parsed.tasks.filter((_, taskIndex) => !assigned.has(taskIndex)).map((task) => task.id),
    workers,
    explanation: null,
  };
}

function explainRequired(problem: z.output<typeof taskAssignmentProblemSchema>): string {
  for (const task of problem.tasks) {
    if (!task.required) continue;
    const able = problem.workers.filter(
      (worker) =>
        (task.skill === undefined || worker.skills.includes(task.skill)) && worker.capacity >= task.hours,
    );
    if (able.length === 0) {
      return `Required task ${task.id} (${task.hours} h${task.skill === undefined ? '' : `, ${task.skill}`}) fits no worker: nobody with the skill has ${task.hours} h free`;
    }
  }
  const skills = new Set(problem.tasks.filter((task) => task.required).map((task) => task.skill));
  for (const skill of skills) {
    const needed = problem.tasks
      .filter((task) => task.required && task.skill === skill)
      .reduce((sum, task) => sum + task.hours, 0);
    const available = problem.workers
      .filter((worker) => skill === undefined || worker.skills.includes(skill))
      .reduce((sum, worker) => sum + worker.capacity, 0);
    if (needed > available) {
      return `Required ${skill ?? 'general'} tasks need ${needed} h but workers with that skill have ${available} h`;
    }
  }
  return "The required tasks cannot all be packed into the workers' hours (each task goes to one worker whole)";
}
