import { parseInput } from '@dyocense/core';
import { z } from 'zod';
import { formatShift } from './internal/format-shift.js';
import { contractedMinimum, dayLimit, ineligibility, shiftsConflict } from './internal/staffing-index.js';
import {
  type ParsedStaffingProblem,
  type StaffingProblem,
  staffingProblemSchema,
} from './staffing-problem.js';

/** One assignment of a roster. */
export interface ShiftAssignment {
  readonly employeeId: string;
  readonly shiftId: string;
}

/** A broken staffing rule, in the user's terms. */
export interface ScheduleViolation {
  readonly rule:
    | 'unknown_id'
    | 'duplicate'
    | 'skill'
    | 'availability'
    | 'coverage'
    | 'max_hours'
    | 'overlap'
    | 'rest'
    | 'max_days'
    | 'min_hours';
  readonly employeeId?: string;
  readonly shiftId?: string;
  readonly message: string;
}

/** Which rules {@link checkSchedule} treats as soft (allowed to break, because they are priced). */
export interface ScheduleCheckOptions {
  /** Uncovered staff are allowed (soft coverage). */
  readonly allowUncovered?: boolean;
  /** Extra hours allowed above maxHours per employee (soft overtime). */
  readonly overtimeHours?: number;
  /** Contracted minimum hours may be missed. */
  readonly allowMinHoursShortfall?: boolean;
}

const assignmentsSchema = z.array(z.object({ employeeId: z.string(), shiftId: z.string() }));

/**
 * Checks a roster against every staffing rule of the problem, independently of any solver model: known ids,
 * no duplicates, skill, availability, coverage, weekly hours, no overlap, rest between days, max days and
 * contracted minimum hours (the last three as switched on in `problem.rules`).
 *
 * @throws DyocenseError `invalid_input` when the problem or the assignments are malformed.
 */
export function checkSchedule(
  problem: StaffingProblem,
  assignments: readonly ShiftAssignment[],
  options: ScheduleCheckOptions = {},
): { readonly valid: boolean; readonly violations: readonly ScheduleViolation[] } {
  const parsed = parseInput(staffingProblemSchema, problem, 'staffing problem');
  parseInput(assignmentsSchema, assignments, 'assignments');
  return checkParsedSchedule(parsed, assignments, options);
}

/** {@link checkSchedule} on an already validated problem. */
export function checkParsedSchedule(
  parsed: ParsedStaffingProblem,
  assignments: readonly ShiftAssignment[],
  options: ScheduleCheckOptions = {},
): { readonly valid: boolean; readonly violations: readonly ScheduleViolation[] } {
  const violations: ScheduleViolation[] = [];
  const employees = new Map(parsed.employees.map((employee) => [employee.id, employee]));
  const shifts = new Map(parsed.shifts.map((shift) => [shift.id, shift]));
  const byEmployee = new Map<string, string[]>();
  const staffed = new Map<string, number>();
  const seen = new Set<string>();
  for (const { employeeId, shiftId } of assignments) {
    const employee = employees.get(employeeId);
    const shift = shifts.get(shiftId);
    if (employee === undefined || shift === undefined) {
      violations.push({
        rule: 'unknown_id',
        employeeId,
        shiftId,
        message: `Unknown employee or shift: ${employeeId} / ${shiftId}`,
      });
      continue;
    }
    const key = `${employeeId}\u0000${shiftId}`;
    if (seen.has(key)) {
      violations.push({
        rule: 'duplicate',
        employeeId,
        shiftId,
        message: `${employeeId} is assigned to ${shiftId} twice`,
      });
      continue;
    }
    seen.add(key);
    const reason = ineligibility(employee, shift);
    if (reason !== null) {
      violations.push({
        rule: reason,
        employeeId,
        shiftId,
        message:
          reason === 'skill'
            ? `${employeeId} lacks skill ${shift.skill} for ${formatShift(parsed, shift)}`
            : `${employeeId} is not available ${formatShift(parsed, shift)}`,
      });
    }
    byEmployee.set(employeeId, [...(byEmployee.get(employeeId) ?? []), shiftId]);
    staffed.set(shiftId, (staffed.get(shiftId) ?? 0) + 1);
  }
  if (options.allowUncovered !== true) {
    for (const shift of parsed.shifts) {
      const count = staffed.get(shift.id) ?? 0;
      if (count < shift.minStaff) {
        violations.push({
          rule: 'coverage',
          shiftId: shift.id,
          message: `${formatShift(parsed, shift)} ${shift.skill}: ${count} assigned, ${shift.minStaff} needed`,
        });
      }
    }
  }
  for (const employee of parsed.employees) {
    const list = (byEmployee.get(employee.id) ?? []).flatMap((id) => {
      const shift = shifts.get(id);
      return shift === undefined ? [] : [shift];
    });
    const hours = list.reduce((sum, shift) => sum + shift.hours, 0);
    const cap = employee.maxHours + (options.overtimeHours ?? 0);
    if (hours > cap + 1e-9) {
      violations.push({
        rule: 'max_hours',
        employeeId: employee.id,
        message: `${employee.id} works ${hours} h, limit ${cap} h`,
      });
    }
    const minimum = contractedMinimum(parsed, employee);
    if (options.allowMinHoursShortfall !== true && hours < minimum - 1e-9) {
      violations.push({
        rule: 'min_hours',
        employeeId: employee.id,
        message: `${employee.id} works ${hours} h, contracted minimum ${minimum} h`,
      });
    }
    const limit = dayLimit(parsed, employee);
    const days = new Set(list.map((shift) => shift.day)).size;
    if (limit !== undefined && days > limit) {
      violations.push({
        rule: 'max_days',
        employeeId: employee.id,
        message: `${employee.id} works ${days} days, limit ${limit}`,
      });
    }
    for (let a = 0; a < list.length; a += 1) {
      for (let b = a + 1; b < list.length; b += 1) {
        const first = list[a];
        const second = list[b];
        if (first === undefined || second === undefined) continue;
        const conflict = shiftsConflict(parsed.rules, first, second);
        if (conflict !== null) {
          violations.push({
            rule: conflict,
            employeeId: employee.id,
            shiftId: second.id,
            message:
              conflict === 'overlap'
                ? `${employee.id} works overlapping shifts ${formatShift(parsed, first)} and ${formatShift(parsed, second)}`
                : `${employee.id} has less than ${parsed.rules.minRestHours} h rest between ${formatShift(parsed, first)} and ${formatShift(parsed, second)}`,
          });
        }
      }
    }
  }
  return { valid: violations.length === 0, violations };
}
