import { z } from 'zod';

/** Solver backends: `highs` (HiGHS in WebAssembly, any size) or `lp-solver` (pure JS, small models only). */
export type SolverBackend = 'highs' | 'lp-solver';

/** Options of {@link solve}. */
export interface SolveOptions {
  /** Default `highs`. */
  readonly backend?: SolverBackend;
  /** Wall-clock limit in seconds; default 60. */
  readonly timeLimit?: number;
  /**
   * Relative MIP gap at which the search stops and reports `optimal`:
   * `|objective - bound| / max(1, |objective|)`. Default 1e-4 (HiGHS's own default).
   */
  readonly gapTolerance?: number;
  /** Cancels the solve. Checked before the (synchronous) solver starts and again when it returns. */
  readonly signal?: AbortSignal;
  /**
   * A starting point, one value per variable (`highs` only; ignored by `lp-solver`). A feasible start gives
   * the MIP an incumbent from the first node, so a timeout still returns at least this plan.
   */
  readonly initialValues?: readonly number[];
  /** Absolute tolerance of the independent feasibility check on the returned point; default 1e-6. */
  readonly feasibilityTolerance?: number;
  /**
   * For a MIP with a plan (`highs` only): also solve the LP with every integer variable fixed at its plan value
   * and return that LP's row duals as `duals` — prices of the constraints given the discrete decisions.
   * Costs one extra LP solve; default false.
   */
  readonly fixedIntegerDuals?: boolean;
}

/** zod schema of {@link SolveOptions}. */
export const solveOptionsSchema = z.object({
  backend: z.enum(['highs', 'lp-solver']).optional(),
  timeLimit: z.number().positive().finite().optional(),
  gapTolerance: z.number().min(0).max(1).optional(),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, 'must be an AbortSignal').optional(),
  initialValues: z.array(z.number().finite()).optional(),
  feasibilityTolerance: z.number().positive().max(1).optional(),
  fixedIntegerDuals: z.boolean().optional(),
});

/** {@link SolveOptions} with defaults applied. */
export interface ResolvedSolveOptions {
  readonly backend: SolverBackend;
  readonly timeLimit: number;
  readonly gapTolerance: number;
  readonly signal: AbortSignal | undefined;
  readonly initialValues: readonly number[] | undefined;
  readonly feasibilityTolerance: number;
  readonly fixedIntegerDuals: boolean;
  /** Raw HiGHS options for engines that tune the search (not part of the public options). */
  readonly highsOptions?: Readonly<Record<string, number | string | boolean>>;
}

/** Applies the documented defaults. */
export function resolveSolveOptions(options: SolveOptions): ResolvedSolveOptions {
  return {
    backend: options.backend ?? 'highs',
    timeLimit: options.timeLimit ?? 60,
    gapTolerance: options.gapTolerance ?? 1e-4,
    signal: options.signal,
    initialValues: options.initialValues,
    feasibilityTolerance: options.feasibilityTolerance ?? 1e-6,
    fixedIntegerDuals: options.fixedIntegerDuals ?? false,
  };
}
