import type { ContractShortfall, CoverageShortfall, StaffingExplanation } from '../staffing-result.js';
import { formatShift, pluralRole } from './format-shift.js';
import { contractedMinimum, dayLimit, type StaffingIndex, shiftsConflict } from './staffing-index.js';

/**
 * Explains, in the user's terms, why the best partial roster (from the elastic model) leaves demand
 * uncovered or contracts unmet: too few people with the skill available at that time, or the named rules
 * that block each available person.
 */
export function explainShortfall(
  index: StaffingIndex,
  assigned: readonly (readonly number[])[],
  overtimeHours: number,
): StaffingExplanation {
  const { problem } = index;
  const hoursOf = (employee: number) =>
    (assigned[employee] ?? []).reduce((sum, shiftIndex) => sum + (problem.shifts[shiftIndex]?.hours ?? 0), 0);
  const staffed = problem.shifts.map(() => new Set<number>());
  assigned.forEach((list, employee) => {
    for (const shiftIndex of list) staffed[shiftIndex]?.add(employee);
  });

  const blocker = (employee: number, shiftIndex: number): string => {
    const person = problem.employees[employee];
    const shift = problem.shifts[shiftIndex];
    if (person === undefined || shift === undefined) return '';
    for (const other of assigned[employee] ?? []) {
      const otherShift = problem.shifts[other];
      if (otherShift === undefined) continue;
      const conflict = shiftsConflict(problem.rules, shift, otherShift);
      if (conflict === 'overlap') return `${person.id} works ${formatShift(problem, otherShift)}`;
      if (conflict === 'rest') {
        return `${person.id} needs ${problem.rules.minRestHours} h rest around ${formatShift(problem, otherShift)}`;
      }
    }
    const hours = hoursOf(employee);
    if (hours + shift.hours > person.maxHours + overtimeHours + 1e-9) {
      return `${person.id} would exceed ${person.maxHours} h (has ${hours} h)`;
    }
    const limit = dayLimit(problem, person);
    const days = new Set((assigned[employee] ?? []).map((other) => problem.shifts[other]?.day));
    if (limit !== undefined && !days.has(shift.day) && days.size >= limit) {
      return `${person.id} already works ${limit} days`;
    }
    return `${person.id} is needed elsewhere`;
  };

  const shortfalls: CoverageShortfall[] = [];
  let uncoveredHours = 0;
  problem.shifts.forEach((shift, shiftIndex) => {
    const assignedCount = staffed[shiftIndex]?.size ?? 0;
    if (assignedCount >= shift.minStaff) return;
    uncoveredHours += (shift.minStaff - assignedCount) * shift.hours;
    const available = index.eligibleEmployees[shiftIndex] ?? [];
    const skilled = problem.employees.filter((employee) => employee.skills.includes(shift.skill)).length;
    const label = `${formatShift(problem, shift)} ${shift.skill}`;
    let message: string;
    if (available.length < shift.minStaff) {
      message = `${label}: only ${available.length} ${pluralRole(shift.skill, available.length)} available, ${shift.minStaff} needed`;
      if (skilled > available.length) {
        message += ` (${skilled} ${pluralRole(shift.skill, skilled)} in total; the others are not available then)`;
      }
    } else {
      const blocked = available.filter((employee) => !(staffed[shiftIndex]?.has(employee) ?? false));
      message =
        `${label}: ${available.length} ${pluralRole(shift.skill, available.length)} available, ${shift.minStaff} needed, ` +
        `but only ${assignedCount} can be scheduled: ${blocked.map((employee) => blocker(employee, shiftIndex)).join('; ')}`;
    }
    shortfalls.push({
      shiftId: shift.id,
      required: shift.minStaff,
      assigned: assignedCount,
      available: available.length,
      message,
    });
  });

  const contracts: ContractShortfall[] = [];
  problem.employees.forEach((employee, employeeIndex) => {
    const minimum = contractedMinimum(problem, employee);
    const hours = hoursOf(employeeIndex);
    if (hours >= minimum - 1e-9) return;
    const eligibleHours = (index.eligibleShifts[employeeIndex] ?? []).reduce(
      (sum, shiftIndex) => sum + (problem.shifts[shiftIndex]?.hours ?? 0),
      0,
    );
    const reason =
      eligibleHours < minimum
        ? `their skills and availability match only ${eligibleHours} h of shifts`
        : 'the rules (overlap, rest, days, other contracts) leave no more';
    contracts.push({
      employeeId: employee.id,
      contractedHours: minimum,
      possibleHours: hours,
      message: `${employee.id} (${employee.contract}) can get only ${hours} of ${minimum} contracted hours: ${reason}`,
    });
  });

  const parts: string[] = [];
  if (shortfalls.length > 0) {
    parts.push(
      `${shortfalls.length} shift${shortfalls.length === 1 ? '' : 's'} cannot be fully covered (${uncoveredHours} staff-hours short)`,
    );
  }
  if (contracts.length > 0) {
    parts.push(`${contracts.length} contracted minimum${contracts.length === 1 ? '' : 's'} cannot be met`);
  }
  const first = shortfalls[0]?.message ?? contracts[0]?.message;
  const summary = `No roster meets every rule: ${parts.join('; ')}.${first === undefined ? '' : ` ${first}.`}`;
  return { summary, shortfalls, contracts, uncoveredHours };
}
