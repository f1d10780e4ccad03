import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSchedule } from './check-schedule.js';
import { scheduleShifts } from './schedule-shifts.js';
import type { StaffingProblem } from './staffing-problem.js';

const skillIds = ['cook', 'cashier', 'barista'];

const problemArbitrary: fc.Arbitrary<StaffingProblem> = fc
  .record({
    employees: fc.array(
      fc.record({
        rate: fc.integer({ min: 12, max: 30 }),
        skills: fc.subarray(skillIds, { minLength: 1 }),
        fullTime: fc.boolean(),
        maxHours: fc.integer({ min: 8, max: 40 }),
        maxDays: fc.integer({ min: 1, max: 7 }),
        from: fc.integer({ min: 0, max: 12 }),
        length: fc.integer({ min: 4, max: 12 }),
        days: fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    shifts: fc.array(
      fc.record({
        day: fc.integer({ min: 0, max: 6 }),
        start: fc.integer({ min: 6, max: 18 }),
        length: fc.integer({ min: 2, max: 6 }),
        skill: fc.constantFrom(...skillIds),
        minStaff: fc.integer({ min: 0, max: 2 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    rich: fc.boolean(),
  })
  .map(({ employees, shifts, rich }) => ({
    skills: skillIds.map((id) => ({ id })),
    rules: rich
      ? { noOverlap: true, minRestHours: 11, maxDaysPerWeek: true, minHoursFullTime: true }
      : { noOverlap: true },
    employees: employees.map((employee, index) => ({
      id: `e${index}`,
      rate: employee.rate,
      skills: employee.skills,
      contract: employee.fullTime ? ('full-time' as const) : ('part-time' as const),
      maxHours: employee.maxHours,
      minHours: employee.fullTime ? Math.floor(employee.maxHours / 4) : 0,
      maxDays: employee.maxDays,
      availability: employee.days.map((day) => ({
        day,
        from: employee.from,
        to: Math.min(24, employee.from + employee.length),
      })),
    })),
    shifts: shifts.map((shift, index) => ({
      id: `s${index}`,
      day: shift.day,
      start: shift.start,
      end: shift.start + shift.length,
      hours: shift.length,
      skill: shift.skill,
      minStaff: shift.minStaff,
    })),
  }));

describe('scheduleShifts properties', () => {
  it('always returns a rule-abiding roster or an explained infeasibility, with finite numbers', async () => {
    await fc.assert(
      fc.asyncProperty(problemArbitrary, async (problem) => {
        const result = await scheduleShifts(problem, { timeLimit: 10 });
        expect(Number.isFinite(result.objective)).toBe(true);
        if (result.status === 'infeasible') {
          const explanation = result.explanation;
          expect(
            (explanation?.shortfalls.length ?? 0) + (explanation?.contracts.length ?? 0),
          ).toBeGreaterThan(0);
        } else {
          expect(checkSchedule(problem, result.assignments).valid).toBe(true);
          expect(result.bound ?? 0).toBeLessThanOrEqual(result.objective + 1e-6);
        }
      }),
      { numRuns: 100, seed: 20260502 },
    );
  }, 120_000);
});
