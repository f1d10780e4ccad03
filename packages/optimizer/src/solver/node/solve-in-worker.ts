import { parseInput } from '@dyocense/core';
import { type StaffingOptions, staffingOptionsSchema } from '../../staffing/staffing-options.js';
import { type StaffingProblem, staffingProblemSchema } from '../../staffing/staffing-problem.js';
import type { StaffingResult } from '../../staffing/staffing-result.js';
import { type LinearModel, linearModelSchema } from '../linear-model.js';
import { type SolveOptions, solveOptionsSchema } from '../solve-options.js';
import type { SolveResult } from '../solve-result.js';
import { runInWorker } from './run-in-worker.js';

/**
 * {@link solve} in a `node:worker_threads` worker (Node only): the calling thread stays responsive and
 * aborting `options.signal` stops the search at once instead of after it returns.
 *
 * @throws DyocenseError as {@link solve}; `solver_timeout` when cancelled.
 * @example
 * const controller = new AbortController();
 * const result = await solveInWorker(model, { timeLimit: 30, signal: controller.signal });
 */
export async function solveInWorker(model: LinearModel, options: SolveOptions = {}): Promise<SolveResult> {
  parseInput(solveOptionsSchema, options, 'solve options');
  parseInput(linearModelSchema, model, 'linear model');
  const { signal, ...rest } = options;
  return runInWorker<SolveResult>({ kind: 'solve', model, options: rest }, rest.timeLimit ?? 60, signal);
}

/**
 * {@link scheduleShifts} in a `node:worker_threads` worker (Node only), cancellable mid-search by
 * `options.signal`.
 *
 * @throws DyocenseError as {@link scheduleShifts}; `solver_timeout` when cancelled.
 */
export async function scheduleShiftsInWorker(
  problem: StaffingProblem,
  options: StaffingOptions = {},
): Promise<StaffingResult> {
  parseInput(staffingProblemSchema, problem, 'staffing problem');
  parseInput(staffingOptionsSchema, options, 'staffing options');
  const { signal, ...rest } = options;
  return runInWorker<StaffingResult>(
    { kind: 'scheduleShifts', problem, options: rest },
    rest.timeLimit ?? 10,
    signal,
  );
}
