import { DyocenseError, parseInput } from '@dyocense/core';
import { solveLinearModel } from './internal/solve-linear-model.js';
import { type LinearModel, linearModelSchema } from './linear-model.js';
import { resolveSolveOptions, type SolveOptions, solveOptionsSchema } from './solve-options.js';
import type { SolveResult } from './solve-result.js';

/**
 * Solves a linear or mixed-integer model and re-verifies the answer.
 *
 * The `highs` backend (default) runs HiGHS compiled to WebAssembly; its module loads once per process
 * (first call about 0.5 s, included in `timeSeconds`). The solve itself is synchronous and blocks the
 * thread: in a browser call it from a Web Worker (and see {@link configureHighs} when the bundler does not
 * serve `highs.wasm`); in Node, `solveInWorker` from `@dyocense/optimizer/node` runs it in a worker thread
 * that an AbortSignal can stop mid-search. `lp-solver` is a pure-JS backend for small models.
 * Every returned point has passed {@link checkSolution}; `bound` and `gap` state how far from optimal it
 * may be. A point in the interior of the time limit is `feasible`, not an error.
 *
 * @throws DyocenseError `invalid_input` (model or options, naming the field; a model too large for
 * `lp-solver`), `solver_timeout` (signal already aborted), `internal` (solver failure or a returned
 * point that breaks the model).
 *
 * @example
 * const result = await solve(model, { timeLimit: 5, gapTolerance: 0.01 });
 * if (result.status === 'optimal' || result.status === 'feasible') console.log(result.objective, result.gap);
 */
export async function solve(model: LinearModel, options: SolveOptions = {}): Promise<SolveResult> {
  const parsedOptions = parseInput(solveOptionsSchema, options, 'solve options');
  parseInput(linearModelSchema, model, 'linear model');
  if (
    parsedOptions.initialValues !== undefined &&
    parsedOptions.initialValues.length !== model.variables.length
  ) {
    const message = `needs one value per variable (${model.variables.length})`;
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Invalid solve options: initialValues: ${message}`,
      issues: [{ path: ['initialValues'], message, code: 'custom' }],
    });
  }
  return solveLinearModel(model, resolveSolveOptions(options));
}
