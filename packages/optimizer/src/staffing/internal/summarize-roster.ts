import type { ShiftAssignment } from '../check-schedule.js';
import type { ParsedStaffingOptions } from '../staffing-options.js';
import type { EmployeeLoad, ShiftCoverage, StaffingCostBreakdown } from '../staffing-result.js';
import { contractedMinimum, type StaffingIndex } from './staffing-index.js';

/** Loads, coverage and the cost breakdown of a roster, computed from the problem (not from the model). */
export function summarizeRoster(
  index: StaffingIndex,
  assigned: readonly (readonly number[])[],
  soft: ParsedStaffingOptions['soft'],
): {
  assignments: ShiftAssignment[];
  employees: EmployeeLoad[];
  shifts: ShiftCoverage[];
  costs: StaffingCostBreakdown;
  objective: number;
} {
  const { problem } = index;
  const assignments: ShiftAssignment[] = [];
  const counts = problem.shifts.map(() => 0);
  let labour = 0;
  let overtimePremium = 0;
  let minHoursPenalty = 0;
  const utilisations: number[] = [];
  const employees = problem.employees.map((employee, employeeIndex): EmployeeLoad => {
    const list = [...(assigned[employeeIndex] ?? [])].sort((a, b) => a - b);
    let hours = 0;
    const days = new Set<number>();
    for (const shiftIndex of list) {
      const shift = problem.shifts[shiftIndex];
      if (shift === undefined) continue;
      assignments.push({ employeeId: employee.id, shiftId: shift.id });
      counts[shiftIndex] = (counts[shiftIndex] ?? 0) + 1;
      hours += shift.hours;
      days.add(shift.day);
    }
    const overtimeHours = Math.max(0, hours - employee.maxHours);
    const premium =
      soft?.overtime === undefined ? 0 : (soft.overtime.multiplier - 1) * employee.rate * overtimeHours;
    labour += employee.rate * hours;
    overtimePremium += premium;
    minHoursPenalty +=
      (soft?.minHoursShortfallPenaltyPerHour ?? 0) *
      Math.max(0, contractedMinimum(problem, employee) - hours);
    utilisations.push(hours / employee.maxHours);
    return {
      employeeId: employee.id,
      hours,
      maxHours: employee.maxHours,
      utilisation: hours / employee.maxHours,
      days: days.size,
      overtimeHours,
      labourCost: employee.rate * hours + premium,
    };
  });
  let uncoveredPenalty = 0;
  const shifts = problem.shifts.map((shift, shiftIndex): ShiftCoverage => {
    const assignedCount = counts[shiftIndex] ?? 0;
    const uncovered = Math.max(0, shift.minStaff - assignedCount);
    uncoveredPenalty += (soft?.uncoveredPenaltyPerHour ?? 0) * shift.hours * uncovered;
    return { shiftId: shift.id, required: shift.minStaff, assigned: assignedCount, uncovered };
  });
  let preferencePenalty = 0;
  for (const preference of soft?.preferences ?? []) {
    const employeeIndex = index.employeeIndexById.get(preference.employeeId);
    if (employeeIndex === undefined) continue;
    const list = assigned[employeeIndex] ?? [];
    const granted =
      preference.shiftId !== undefined
        ? list.some((shiftIndex) => problem.shifts[shiftIndex]?.id === preference.shiftId)
        : list.some((shiftIndex) => problem.shifts[shiftIndex]?.day === preference.day);
    if (granted === (preference.kind === 'avoid')) preferencePenalty += preference.penalty;
  }
  const fairnessPenalty =
    soft?.fairnessPenaltyPerPoint === undefined || utilisations.length < 2
      ? 0
      : soft.fairnessPenaltyPerPoint * 100 * (Math.max(...utilisations) - Math.min(...utilisations));
  const costs = {
    labour,
    overtimePremium,
    uncoveredPenalty,
    minHoursPenalty,
    preferencePenalty,
    fairnessPenalty,
  };
  const objective =
    labour + overtimePremium + uncoveredPenalty + minHoursPenalty + preferencePenalty + fairnessPenalty;
  return { assignments, employees, shifts, costs, objective };
}
