import type { SolveStatus } from '../solver/solve-result.js';
import type { ShiftAssignment } from './check-schedule.js';

/** Hours and pay of one employee in a roster. */
export interface EmployeeLoad {
  readonly employeeId: string;
  /** Paid hours in the week. */
  readonly hours: number;
  readonly maxHours: number;
  /** hours / maxHours (can exceed 1 with soft overtime). */
  readonly utilisation: number;
  /** Days with at least one shift. */
  readonly days: number;
  /** Hours above maxHours (soft overtime only). */
  readonly overtimeHours: number;
  /** rate x hours plus the overtime premium, currency units. */
  readonly labourCost: number;
}

/** Staffing of one shift in a roster. */
export interface ShiftCoverage {
  readonly shiftId: string;
  readonly required: number;
  readonly assigned: number;
  /** Staff missing (only with soft coverage, or in an infeasible problem's best partial roster). */
  readonly uncovered: number;
}

/** A shift that cannot be fully covered, and why, in the user's terms. */
export interface CoverageShortfall {
  readonly shiftId: string;
  readonly required: number;
  /** Staff in the best partial roster. */
  readonly assigned: number;
  /** Employees with the skill who are available at that time. */
  readonly available: number;
  /** e.g. "Sat 17:00–23:00 cook: only 2 cooks available, 3 needed". */
  readonly message: string;
}

/** A contracted minimum that cannot be met. */
export interface ContractShortfall {
  readonly employeeId: string;
  readonly contractedHours: number;
  readonly possibleHours: number;
  readonly message: string;
}

/** Why no roster satisfies every rule, from an elastic model that minimises uncovered demand. */
export interface StaffingExplanation {
  readonly summary: string;
  readonly shortfalls: readonly CoverageShortfall[];
  readonly contracts: readonly ContractShortfall[];
  /** Staff-hours left uncovered by the best partial roster. */
  readonly uncoveredHours: number;
}

/** Objective parts, currency units. */
export interface StaffingCostBreakdown {
  /** rate x hours over all assignments. */
  readonly labour: number;
  readonly overtimePremium: number;
  readonly uncoveredPenalty: number;
  readonly minHoursPenalty: number;
  readonly preferencePenalty: number;
  readonly fairnessPenalty: number;
}

/** Result of {@link scheduleShifts}. */
export interface StaffingResult {
  /**
   * `optimal` (proven within the gap tolerance), `feasible` (time limit reached: `gap` to the proven bound),
   * `infeasible` (no roster meets every hard rule: see `explanation`; the assignments are the best partial
   * roster).
   */
  readonly status: 'optimal' | 'feasible' | 'infeasible';
  /** Total cost of the roster: labour plus any soft-rule penalties (currency units). */
  readonly objective: number;
  readonly costs: StaffingCostBreakdown;
  /** Proven lower bound on the total cost; null when unknown. */
  readonly bound: number | null;
  /** `(objective - bound) / max(1, objective)`; null when the bound is unknown. */
  readonly gap: number | null;
  readonly assignments: readonly ShiftAssignment[];
  readonly employees: readonly EmployeeLoad[];
  readonly shifts: readonly ShiftCoverage[];
  readonly explanation: StaffingExplanation | null;
  /**
   * Where the roster came from: the MIP, or the greedy/repair heuristic when the MIP found nothing better
   * in time.
   */
  readonly source: 'mip' | 'heuristic';
  /** Status reported by the MIP solve. */
  readonly solverStatus: SolveStatus;
  /** Cost of the best greedy/repair roster (randomised restarts) that seeded the MIP; null when none met every rule. */
  readonly heuristicObjective: number | null;
  /** Wall-clock seconds for the whole call. */
  readonly timeSeconds: number;
}
