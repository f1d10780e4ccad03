import { DyocenseError } from '../errors/index.js';
import type { OptimizerV1 } from '../plugin/spec/optimizer-v1.js';
import { defineSuite } from './internal/define-suite.js';
import { parseSkipList } from './internal/skip-list.js';
import {
  checkOptimizerAbort,
  checkOptimizerDefinition,
  checkOptimizerDeterministic,
  checkOptimizerRejectsInvalid,
  checkOptimizerSolvesValid,
  type OptimizerFixture,
  type OptimizerTestId,
  optimizerTestIds,
} from './optimizer-checks.js';
import type { SkippedTest } from './skipped-test.js';

/** Options of {@link describeOptimizer}. */
export interface DescribeOptimizerOptions<ProblemInput> extends OptimizerFixture<ProblemInput> {
  readonly skip?: readonly SkippedTest<OptimizerTestId>[];
  /** Per-test timeout in milliseconds. Default 30 000. */
  readonly timeoutMs?: number;
}

/**
 * Generates the optimizer conformance suite: valid definition, a valid problem solving to a result that
 * matches `outputSchema`, `invalid_input` for an invalid problem, determinism when declared, and abort
 * honoured. Each test calls the exported `checkOptimizer*` function. The determinism test is skipped (with
 * that reason) for optimizers that do not declare `deterministic`.
 *
 * @throws DyocenseError `invalid_input` at definition time for a skip without a reason.
 * @example
 * describeOptimizer(reorderPoint, { validProblem: { dailyDemand: 4, leadTimeDays: 3 }, invalidProblem: {} });
 */
export function describeOptimizer<Problem, Solution, ProblemInput>(
  optimizer: OptimizerV1<Problem, Solution, ProblemInput>,
  options: DescribeOptimizerOptions<ProblemInput>,
): void {
  if (typeof options !== 'object' || options === null || !('validProblem' in options)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'describeOptimizer needs validProblem and invalidProblem',
    });
  }
  const skips = new Map(
    parseSkipList(options.skip, optimizerTestIds, `optimizer "${String(optimizer?.id)}"`),
  );
  if (optimizer.capabilities?.deterministic !== true && !skips.has('deterministic')) {
    skips.set('deterministic', 'the optimizer does not declare deterministic');
  }
  const subject = optimizer as unknown as OptimizerV1<unknown, unknown, unknown>;
  const fixture = options as OptimizerFixture;
  defineSuite(
    `optimizer "${String(optimizer.id)}" conformance`,
    optimizerTestIds,
    {
      definition: 'has a valid definition whose schemas convert to JSON Schema',
      'solve-valid': 'solves the valid problem to a result matching its output schema',
      'solve-invalid': 'refuses the invalid problem with invalid_input',
      deterministic: 'gives the same solution twice',
      abort: 'honours an aborted signal',
    },
    {
      definition: () => checkOptimizerDefinition(subject),
      'solve-valid': () => checkOptimizerSolvesValid(subject, fixture),
      'solve-invalid': () => checkOptimizerRejectsInvalid(subject, fixture),
      deterministic: () => checkOptimizerDeterministic(subject, fixture),
      abort: () => checkOptimizerAbort(subject, fixture),
    },
    skips,
    options.timeoutMs ?? 30_000,
  );
}
