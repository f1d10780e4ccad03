import { DyocenseError, parseInput } from '@dyocense/core';
import type { ShiftAssignment } from '../staffing/check-schedule.js';
import { type StaffingProblem, staffingProblemSchema } from '../staffing/staffing-problem.js';
import { computeLabourCost, type LabourCost, type OvertimeRules } from './compute-labour-cost.js';

/** Pay of one employee over the roster's horizon (weeks of 7 days, each paid by {@link computeLabourCost}). */
export interface EmployeePay {
  readonly employeeId: string;
  readonly regularHours: number;
  readonly overtimeHours: number;
  readonly doubleTimeHours: number;
  readonly totalPay: number;
  /** One entry per workweek of the horizon. */
  readonly weeks: readonly LabourCost[];
}

/**
 * Pays a staffing roster (e.g. from `scheduleShifts`) under overtime rules: per employee and workweek, the
 * paid hours by day go through {@link computeLabourCost} at the employee's rate.
 *
 * @throws DyocenseError `invalid_input` for a malformed problem or an assignment naming an unknown
 * employee or shift.
 */
export function computeRosterLabourCost(
  problem: StaffingProblem,
  assignments: readonly ShiftAssignment[],
  rules: OvertimeRules,
): { readonly totalPay: number; readonly employees: readonly EmployeePay[] } {
  const parsed = parseInput(staffingProblemSchema, problem, 'staffing problem');
  const shifts = new Map(parsed.shifts.map((shift) => [shift.id, shift]));
  const employeeIds = new Set(parsed.employees.map((employee) => employee.id));
  const hoursByEmployee = new Map<string, number[]>();
  assignments.forEach((assignment, position) => {
    const shift = shifts.get(assignment.shiftId);
    if (shift === undefined || !employeeIds.has(assignment.employeeId)) {
      const field = shift === undefined ? 'shiftId' : 'employeeId';
      const message = `unknown ${field === 'shiftId' ? 'shift' : 'employee'} '${assignment[field]}'`;
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Invalid roster: ${position}.${field}: ${message}`,
        issues: [{ path: [position, field], message, code: 'custom' }],
      });
    }
    const days = hoursByEmployee.get(assignment.employeeId) ?? new Array<number>(parsed.horizon.days).fill(0);
    days[shift.day] = (days[shift.day] ?? 0) + shift.hours;
    hoursByEmployee.set(assignment.employeeId, days);
  });
  const employees = parsed.employees.map((employee): EmployeePay => {
    const days = hoursByEmployee.get(employee.id) ?? new Array<number>(parsed.horizon.days).fill(0);
    const weeks: LabourCost[] = [];
    for (let start = 0; start < days.length; start += 7) {
      weeks.push(computeLabourCost({ rate: employee.rate, dailyHours: days.slice(start, start + 7), rules }));
    }
    const sum = (pick: (week: LabourCost) => number) => weeks.reduce((total, week) => total + pick(week), 0);
    return {
      employeeId: employee.id,
      regularHours: sum((week) => week.regularHours),
      overtimeHours: sum((week) => week.overtimeHours),
      doubleTimeHours: sum((week) => week.doubleTimeHours),
      totalPay: sum((week) => week.totalPay),
      weeks,
    };
  });
  return { totalPay: employees.reduce((sum, employee) => sum + employee.totalPay, 0), employees };
}
