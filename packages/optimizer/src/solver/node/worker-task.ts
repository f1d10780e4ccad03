import type { StaffingOptions } from '../../staffing/staffing-options.js';
import type { StaffingProblem } from '../../staffing/staffing-problem.js';
import type { StaffingResult } from '../../staffing/staffing-result.js';
import type { LinearModel } from '../linear-model.js';
import type { SolveOptions } from '../solve-options.js';
import type { SolveResult } from '../solve-result.js';

/** Work sent to a solver worker (options without the signal: it stays in the calling thread). */
export type WorkerTask =
  | { readonly kind: 'solve'; readonly model: LinearModel; readonly options: Omit<SolveOptions, 'signal'> }
  | {
      readonly kind: 'scheduleShifts';
      readonly problem: StaffingProblem;
      readonly options: Omit<StaffingOptions, 'signal'>;
    };

/** The worker's answer: a result, or a serialised DyocenseError. */
export type WorkerReply =
  | { readonly ok: true; readonly result: SolveResult | StaffingResult }
  | {
      readonly ok: false;
      readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
    };
