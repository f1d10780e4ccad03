import { describe, expect, it } from 'vitest';
import { checkSchedule } from './check-schedule.js';
import type { StaffingProblem } from './staffing-problem.js';

const problem: StaffingProblem = {
  horizon: { days: 7, dayNames: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] },
  rules: { noOverlap: true, minRestHours: 11, maxDaysPerWeek: true, minHoursFullTime: true },
  skills: [{ id: 'cook' }, { id: 'cashier' }],
  employees: [
    {
      id: 'c1',
      rate: 20,
      skills: ['cook'],
      contract: 'full-time',
      maxHours: 12,
      minHours: 10,
      maxDays: 1,
      availability: [4, 5].map((day) => ({ day, from: 0, to: 24 })),
    },
  ],
  shifts: [
    { id: 'fri', day: 4, start: 17, end: 23, hours: 6, skill: 'cook', minStaff: 1 },
    { id: 'sat', day: 5, start: 6, end: 12, hours: 6, skill: 'cook', minStaff: 1 },
    { id: 'sat2', day: 5, start: 10, end: 14, hours: 4, skill: 'cook', minStaff: 2 },
    { id: 'till', day: 5, start: 6, end: 12, hours: 6, skill: 'cashier', minStaff: 0 },
  ],
};

describe('checkSchedule', () => {
  it("finds every planted violation, in the user's terms", () => {
    const { valid, violations } = checkSchedule(problem, [
      { employeeId: 'c1', shiftId: 'fri' },
      { employeeId: 'c1', shiftId: 'sat' },
      { employeeId: 'c1', shiftId: 'sat2' },
      { employeeId: 'c1', shiftId: 'till' },
    ]);
    expect(valid).toBe(false);
    expect(violations.map((violation) => violation.rule).sort()).toEqual(
      ['coverage', 'max_days', 'max_hours', 'overlap', 'overlap', 'overlap', 'rest', 'rest', 'skill'].sort(),
    );
    expect(violations).toContainEqual({
      rule: 'coverage',
      shiftId: 'sat2',
      message: 'Sat 10:00–14:00 cook: 1 assigned, 2 needed',
    });
    expect(violations).toContainEqual({
      rule: 'rest',
      employeeId: 'c1',
      shiftId: 'sat',
      message: 'c1 has less than 11 h rest between Fri 17:00–23:00 and Sat 06:00–12:00',
    });
  });

  it('accepts a roster that keeps every rule, and flags an unmet contract', () => {
    const roster = [{ employeeId: 'c1', shiftId: 'sat' }];
    const relaxed = { ...problem, shifts: problem.shifts.filter((shift) => shift.id === 'sat') };
    expect(checkSchedule(relaxed, roster).violations).toEqual([
      { rule: 'min_hours', employeeId: 'c1', message: 'c1 works 6 h, contracted minimum 10 h' },
    ]);
    expect(checkSchedule(relaxed, roster, { allowMinHoursShortfall: true })).toEqual({
      valid: true,
      violations: [],
    });
  });

  it('reports unknown ids and duplicates', () => {
    const rules = checkSchedule(problem, [
      { employeeId: 'zz', shiftId: 'sat' },
      { employeeId: 'c1', shiftId: 'fri' },
      { employeeId: 'c1', shiftId: 'fri' },
    ]).violations.map((violation) => violation.rule);
    expect(rules).toContain('unknown_id');
    expect(rules).toContain('duplicate');
  });
});
