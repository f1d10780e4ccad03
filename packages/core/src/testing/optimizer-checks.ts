import { DyocenseError } from '../errors/index.js';
import { optimizerCapabilityProblems } from '../plugin/internal/capability-problems.js';
import { optimizerShapeSchema } from '../plugin/internal/contribution-schemas.js';
import type { OptimizerV1 } from '../plugin/spec/optimizer-v1.js';
import { failIfProblems } from './conformance-failure.js';
import { createMockContext } from './create-mock-context.js';
import { settle, withTimeout } from './internal/with-timeout.js';

/** Ids of the tests {@link describeOptimizer} generates. */
export const optimizerTestIds = [
  'definition',
  'solve-valid',
  'solve-invalid',
  'deterministic',
  'abort',
] as const;
/** One of {@link optimizerTestIds}. */
export type OptimizerTestId = (typeof optimizerTestIds)[number];

/** What the optimizer checks need besides the optimizer. */
export interface OptimizerFixture<ProblemInput = unknown> {
  readonly validProblem: ProblemInput;
  /** A problem `inputSchema` rejects. */
  readonly invalidProblem: unknown;
  /** How long `solve` may take to settle after an abort, in milliseconds. Default 1000. */
  readonly abortTimeoutMs?: number;
}

type AnyOptimizer = OptimizerV1<unknown, unknown, unknown>;

const message = (error: unknown) =>
  DyocenseError.isInstance(error)
    ? `DyocenseError ${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);

/** `definition`: the optimizer's shape is valid, its apiVersion is 1, and both schemas convert to JSON Schema. */
export function checkOptimizerDefinition(optimizer: AnyOptimizer): void {
  const shape = optimizerShapeSchema.safeParse(optimizer);
  if (!shape.success) {
    failIfProblems(
      'definition',
      shape.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const problems = optimizerCapabilityProblems(optimizer);
  if (optimizer.apiVersion !== 1) problems.push(`apiVersion is ${optimizer.apiVersion}, expected 1`);
  failIfProblems('definition', problems);
}

/** `solve-valid`: the valid problem solves to a result that validates against `outputSchema`. */
export async function checkOptimizerSolvesValid(
  optimizer: AnyOptimizer,
  fixture: OptimizerFixture,
): Promise<void> {
  const outcome = await settle(
    Promise.resolve().then(() => optimizer.solve(fixture.validProblem, createMockContext())),
  );
  if (!outcome.ok) failIfProblems('solve-valid', [`solve threw ${message(outcome.error)}`]);
  const result = optimizer.outputSchema.safeParse((outcome as { value: unknown }).value);
  failIfProblems(
    'solve-valid',
    result.success
      ? []
      : result.error.issues.map((issue) => `solution.${issue.path.join('.')}: ${issue.message}`),
  );
}

/** `solve-invalid`: the invalid problem is refused with DyocenseError `invalid_input`. */
export async function checkOptimizerRejectsInvalid(
  optimizer: AnyOptimizer,
  fixture: OptimizerFixture,
): Promise<void> {
  const outcome = await settle(
    Promise.resolve().then(() => optimizer.solve(fixture.invalidProblem, createMockContext())),
  );
  const problems: string[] = [];
  if (outcome.ok)
    problems.push(
      `solve accepted the invalid problem and returned ${JSON.stringify(outcome.value)?.slice(0, 200)}`,
    );
  else if (!DyocenseError.isInstance(outcome.error) || outcome.error.code !== 'invalid_input') {
    problems.push(`solve threw ${message(outcome.error)}, expected DyocenseError invalid_input`);
  }
  failIfProblems('solve-invalid', problems);
}

/** `deterministic`: for an optimizer declaring `deterministic`, two solves give the same solution. */
export async function checkOptimizerDeterministic(
  optimizer: AnyOptimizer,
  fixture: OptimizerFixture,
): Promise<void> {
  if (!optimizer.capabilities.deterministic) return;
  const first = JSON.stringify(await optimizer.solve(fixture.validProblem, createMockContext()));
  const second = JSON.stringify(await optimizer.solve(fixture.validProblem, createMockContext()));
  failIfProblems(
    'deterministic',
    first === second ? [] : [`two solves differ: ${first.slice(0, 200)} vs ${second.slice(0, 200)}`],
  );
}

/**
 * `abort`: with an already aborted signal `solve` rejects; aborting right after the call makes it settle
 * within the timeout.
 */
export async function checkOptimizerAbort(optimizer: AnyOptimizer, fixture: OptimizerFixture): Promise<void> {
  const timeout = fixture.abortTimeoutMs ?? 1_000;
  const problems: string[] = [];
  const aborted = createMockContext({ signal: AbortSignal.abort(new Error('aborted before start')) });
  const early = await withTimeout(
    settle(Promise.resolve().then(() => optimizer.solve(fixture.validProblem, aborted))),
    timeout,
  );
  if (early.timedOut) problems.push(`solve with an aborted signal did not settle within ${timeout} ms`);
  else if (early.value.ok)
    problems.push('solve with an already aborted signal returned a solution instead of rejecting');
  const controller = new AbortController();
  const solving = settle(
    Promise.resolve().then(() =>
      optimizer.solve(fixture.validProblem, createMockContext({ signal: controller.signal })),
    ),
  );
  controller.abort(new Error('cancelled by the conformance kit'));
  const late = await withTimeout(solving, timeout);
  if (late.timedOut) problems.push(`solve did not settle within ${timeout} ms of the abort`);
  failIfProblems('abort', problems);
}
