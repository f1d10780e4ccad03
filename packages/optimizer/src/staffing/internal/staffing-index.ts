import type { ParsedStaffingProblem, StaffingEmployee, StaffingShift } from '../staffing-problem.js';

/** Precomputed eligibility and conflicts of a parsed problem, shared by the model, heuristic and checker. */
export interface StaffingIndex {
  readonly problem: ParsedStaffingProblem;
  /** Shift indices each employee may work (skill and an availability window containing the shift). */
  readonly eligibleShifts: readonly (readonly number[])[];
  /** Employee indices eligible for each shift. */
  readonly eligibleEmployees: readonly (readonly number[])[];
  readonly shiftIndexById: ReadonlyMap<string, number>;
  readonly employeeIndexById: ReadonlyMap<string, number>;
}

/** Why an employee cannot take a shift at all, or null when eligible. */
export function ineligibility(
  employee: StaffingEmployee,
  shift: StaffingShift,
): 'skill' | 'availability' | null {
  if (!employee.skills.includes(shift.skill)) return 'skill';
  const available = employee.availability.some(
    (window) => window.day === shift.day && window.from <= shift.start && shift.end <= window.to,
  );
  return available ? null : 'availability';
}

/**
 * Whether one person may not work both shifts: same-day overlap (when `noOverlap`) or less than
 * `minRestHours` between the end of the earlier and the start of the later shift on a later day.
 * Touching shifts (one ends at 14:00, the next starts at 14:00) do not overlap.
 */
export function shiftsConflict(
  rules: ParsedStaffingProblem['rules'],
  first: StaffingShift,
  second: StaffingShift,
): 'overlap' | 'rest' | null {
  if (first.day === second.day) {
    return rules.noOverlap && first.start < second.end && second.start < first.end ? 'overlap' : null;
  }
  if (rules.minRestHours === undefined) return null;
  const [earlier, later] = first.day < second.day ? [first, second] : [second, first];
  const rest = 24 * (later.day - earlier.day) + later.start - earlier.end;
  return rest < rules.minRestHours ? 'rest' : null;
}

/** Builds the {@link StaffingIndex}. */
export function indexStaffingProblem(problem: ParsedStaffingProblem): StaffingIndex {
  const eligibleShifts = problem.employees.map((employee) =>
    problem.shifts.flatMap((shift, shiftIndex) =>
      ineligibility(employee, shift) === null ? [shiftIndex] : [],
    ),
  );
  const eligibleEmployees: number[][] = problem.shifts.map(() => []);
  eligibleShifts.forEach((shifts, employeeIndex) => {
    for (const shiftIndex of shifts) eligibleEmployees[shiftIndex]?.push(employeeIndex);
  });
  return {
    problem,
    eligibleShifts,
    eligibleEmployees,
    shiftIndexById: new Map(problem.shifts.map((shift, index) => [shift.id, index])),
    employeeIndexById: new Map(problem.employees.map((employee, index) => [employee.id, index])),
  };
}

/** Days a full-timer's contracted minimum applies to: only with `rules.minHoursFullTime`. */
export function contractedMinimum(problem: ParsedStaffingProblem, employee: StaffingEmployee): number {
  return problem.rules.minHoursFullTime === true && employee.contract === 'full-time' ? employee.minHours : 0;
}

/** The employee's day limit when `rules.maxDaysPerWeek` applies, else undefined. */
export function dayLimit(problem: ParsedStaffingProblem, employee: StaffingEmployee): number | undefined {
  return problem.rules.maxDaysPerWeek === true ? employee.maxDays : undefined;
}
