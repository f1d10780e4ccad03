import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSchedule } from './check-schedule.js';
import { scheduleShifts } from './schedule-shifts.js';
import type { StaffingProblem } from './staffing-problem.js';

const fixture = (name: string): StaffingProblem =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as StaffingProblem;
const cbcReference = JSON.parse(
  readFileSync(new URL('./__fixtures__/cbc-reference.json', import.meta.url), 'utf8'),
) as {
  instance: string;
  objective: number;
}[];

const dayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const everyDay = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: 0, to: 24 }));
type Employee = StaffingProblem['employees'][number];
type Shift = StaffingProblem['shifts'][number];
const cook = (id: string, rate: number, extra: Partial<Employee> = {}): Employee => ({
  id,
  rate,
  skills: ['cook'],
  contract: 'part-time',
  maxHours: 40,
  minHours: 0,
  maxDays: 7,
  availability: everyDay,
  ...extra,
});
const shift = (id: string, day: number, start: number, end: number, minStaff: number): Shift => ({
  id,
  day,
  start,
  end,
  hours: end - start,
  skill: 'cook',
  minStaff,
});
const week = (
  employees: Employee[],
  shifts: Shift[],
  rules: StaffingProblem['rules'] = { noOverlap: true },
) => ({
  horizon: { days: 7, dayNames },
  rules,
  skills: [{ id: 'cook' }, { id: 'cashier' }],
  employees,
  shifts,
});

describe('scheduleShifts on the shared benchmark weeks', () => {
  it('proves the optimum 7148.88 of shift-core-20x50 (CBC and HiGHS reference) and passes the rule checker', async () => {
    const problem = fixture('shift-core-20x50.json');
    const result = await scheduleShifts(problem, { timeLimit: 60 });
    expect(result.status).toBe('optimal');
    expect(result.objective).toBeCloseTo(7148.875, 6);
    expect(result.gap).toBeLessThanOrEqual(1e-4);
    expect(result.bound).toBeLessThanOrEqual(result.objective);
    expect(checkSchedule(problem, result.assignments).valid).toBe(true);
    expect(result.shifts.every((shift) => shift.assigned >= shift.required)).toBe(true);
    const hours = result.employees.reduce((sum, employee) => sum + employee.hours, 0);
    expect(result.costs.labour).toBeCloseTo(result.objective, 9);
    expect(hours).toBeGreaterThanOrEqual(379);
  }, 120_000);

  it('matches CBC on shift-rich-20x50 (rest, max days, contracted minimum hours)', async () => {
    const problem = fixture('shift-rich-20x50.json');
    const reference = cbcReference.find((entry) => entry.instance === 'shift-rich-20x50');
    const result = await scheduleShifts(problem, { timeLimit: 60 });
    expect(reference?.objective).toBeCloseTo(7219.375, 6);
    expect(result.status).toBe('optimal');
    expect(Math.abs(result.objective - (reference?.objective ?? 0)) / result.objective).toBeLessThanOrEqual(
      1e-4,
    );
    expect(checkSchedule(problem, result.assignments).valid).toBe(true);
  }, 120_000);

  it('returns a checked roster with an honest gap when the time limit cuts the search on shift-rich-50x150', async () => {
    const problem = fixture('shift-rich-50x150.json');
    const result = await scheduleShifts(problem, { timeLimit: 1 });
    expect(result.status).toBe('feasible');
    expect(checkSchedule(problem, result.assignments).valid).toBe(true);
    // Valid lower bounds never exceed the best known roster (20278.88); no roster beats the proven 20276.88.
    expect(result.bound ?? Number.NaN).toBeLessThanOrEqual(20278.875 + 1e-6);
    expect(result.objective).toBeGreaterThanOrEqual(20276.875);
    expect(result.gap).toBeCloseTo((result.objective - (result.bound ?? 0)) / result.objective, 12);
  }, 60_000);
});

describe('scheduleShifts on hand-checkable weeks', () => {
  // Two cooks for Sat 17-23 out of c1 (20/h), c2 (18/h), c3 (25/h): the two cheapest, (20 + 18) x 6 = 228.
  const saturday = week([cook('c1', 20), cook('c2', 18), cook('c3', 25)], [shift('sat', 5, 17, 23, 2)]);

  it('staffs the two cheapest cooks (228)', async () => {
    const result = await scheduleShifts(saturday);
    expect(result.status).toBe('optimal');
    expect(result.objective).toBeCloseTo(228, 9);
    expect(result.assignments).toEqual([
      { employeeId: 'c1', shiftId: 'sat' },
      { employeeId: 'c2', shiftId: 'sat' },
    ]);
    expect(result.employees[0]).toMatchObject({
      employeeId: 'c1',
      hours: 6,
      utilisation: 0.15,
      days: 1,
      labourCost: 120,
    });
  });

  it('respects the minimum rest: Fri 17-23 and Sat 06-12 (7 h apart) go to different cooks (15x6 + 30x6 = 270)', async () => {
    const shifts = [shift('fri', 4, 17, 23, 1), shift('sat', 5, 6, 12, 1)];
    const relaxed = await scheduleShifts(week([cook('c1', 15), cook('c2', 30)], shifts));
    const rested = await scheduleShifts(
      week([cook('c1', 15), cook('c2', 30)], shifts, { noOverlap: true, minRestHours: 11 }),
    );
    expect(relaxed.objective).toBeCloseTo(180, 9);
    expect(rested.objective).toBeCloseTo(270, 9);
  });

  it('respects max days: a one-day cook takes only one of two days (270)', async () => {
    const problem = week(
      [cook('c1', 15, { maxDays: 1 }), cook('c2', 30)],
      [shift('mon', 0, 9, 15, 1), shift('tue', 1, 9, 15, 1)],
      { noOverlap: true, maxDaysPerWeek: true },
    );
    expect((await scheduleShifts(problem)).objective).toBeCloseTo(270, 9);
  });

  it('gives a full-timer their contracted minimum even when a part-timer is cheaper (2 x 6 x 30 = 360)', async () => {
    const problem = week(
      [cook('c1', 30, { contract: 'full-time', minHours: 12 }), cook('c2', 15)],
      [shift('mon', 0, 9, 15, 1), shift('tue', 1, 9, 15, 1)],
      { noOverlap: true, minHoursFullTime: true },
    );
    const result = await scheduleShifts(problem);
    expect(result.objective).toBeCloseTo(360, 9);
    expect(result.assignments.every((assignment) => assignment.employeeId === 'c1')).toBe(true);
  });

  it('prices an "avoid" wish: c2 avoiding Saturday at 50 makes c1 + c3 (270) cheaper than c1 + c2 + 50 (278)', async () => {
    const avoid = (penalty: number) => ({
      soft: { preferences: [{ employeeId: 'c2', shiftId: 'sat', kind: 'avoid' as const, penalty }] },
    });
    const strong = await scheduleShifts(saturday, avoid(50));
    const weak = await scheduleShifts(saturday, avoid(5));
    expect(strong.objective).toBeCloseTo(270, 9);
    expect(strong.costs.preferencePenalty).toBe(0);
    expect(weak.objective).toBeCloseTo(233, 9);
    expect(weak.costs.preferencePenalty).toBe(5);
  });

  it('balances hours under a fairness price: splitting two 6 h shifts (246) beats 240 + 100 points x 1', async () => {
    const problem = week(
      [cook('a', 20, { maxHours: 12 }), cook('b', 21, { maxHours: 12 })],
      [shift('mon', 0, 9, 15, 1), shift('tue', 1, 9, 15, 1)],
    );
    expect((await scheduleShifts(problem)).objective).toBeCloseTo(240, 9);
    const fair = await scheduleShifts(problem, { soft: { fairnessPenaltyPerPoint: 1 } });
    expect(fair.objective).toBeCloseTo(246, 9);
    expect(fair.costs.fairnessPenalty).toBeCloseTo(0, 9);
  });
});

describe('scheduleShifts when no roster meets every rule', () => {
  // Three cooks needed Sat 17-23; c3 works weekdays only, so only c1 and c2 can come.
  const short = week(
    [
      cook('c1', 20),
      cook('c2', 18),
      cook('c3', 25, { availability: [0, 1, 2, 3, 4].map((day) => ({ day, from: 0, to: 24 })) }),
    ],
    [shift('sat', 5, 17, 23, 3)],
  );

  it("explains the uncovered shift in the user's terms", async () => {
    const result = await scheduleShifts(short);
    expect(result.status).toBe('infeasible');
    expect(result.explanation?.shortfalls).toEqual([
      {
        shiftId: 'sat',
        required: 3,
        assigned: 2,
        available: 2,
        message:
          'Sat 17:00–23:00 cook: only 2 cooks available, 3 needed (3 cooks in total; the others are not available then)',
      },
    ]);
    expect(result.explanation?.summary).toBe(
      'No roster meets every rule: 1 shift cannot be fully covered (6 staff-hours short). ' +
        'Sat 17:00–23:00 cook: only 2 cooks available, 3 needed (3 cooks in total; the others are not available then).',
    );
    expect(result.assignments.map((assignment) => assignment.employeeId)).toEqual(['c1', 'c2']);
  });

  it('names the rule that blocks available people: both cooks work the overlapping longer shift', async () => {
    // Covering Sat 17-23 (2 cooks) leaves 5 staff-hours of Sat 13-18 open; the alternative leaves 6 open.
    const result = await scheduleShifts(
      week([cook('c1', 20), cook('c2', 18)], [shift('noon', 5, 13, 18, 1), shift('eve', 5, 17, 23, 2)]),
    );
    expect(result.status).toBe('infeasible');
    expect(result.explanation?.uncoveredHours).toBe(5);
    expect(result.explanation?.shortfalls[0]?.message).toBe(
      'Sat 13:00–18:00 cook: 2 cooks available, 1 needed, but only 0 can be scheduled: c1 works Sat 17:00–23:00; c2 works Sat 17:00–23:00',
    );
  });

  it('with soft coverage returns the best roster and prices the gap (228 + 6 h x 100 = 828)', async () => {
    const result = await scheduleShifts(short, { soft: { uncoveredPenaltyPerHour: 100 } });
    expect(result.status).toBe('optimal');
    expect(result.objective).toBeCloseTo(828, 9);
    expect(result.costs.uncoveredPenalty).toBeCloseTo(600, 9);
    expect(result.shifts).toEqual([{ shiftId: 'sat', required: 3, assigned: 2, uncovered: 1 }]);
  });

  it('uses paid overtime instead of failing when allowed (12 h x 20 + 4 h x 0.5 x 20 = 280)', async () => {
    const problem = week(
      [cook('c1', 20, { maxHours: 8 })],
      [shift('mon', 0, 9, 15, 1), shift('tue', 1, 9, 15, 1)],
    );
    const hard = await scheduleShifts(problem);
    expect(hard.status).toBe('infeasible');
    expect(hard.explanation?.shortfalls[0]?.message).toMatch(/c1 would exceed 8 h \(has 6 h\)$/);
    const soft = await scheduleShifts(problem, { soft: { overtime: { maxExtraHours: 4, multiplier: 1.5 } } });
    expect(soft.status).toBe('optimal');
    expect(soft.objective).toBeCloseTo(280, 9);
    expect(soft.employees[0]).toMatchObject({ hours: 12, overtimeHours: 4, labourCost: 280 });
  });
});

describe('scheduleShifts contracts and cancellation', () => {
  it('explains a contracted minimum that availability cannot reach', async () => {
    // c1 is full-time with 30 contracted hours but is only available for the two 6 h shifts.
    const problem = week(
      [
        cook('c1', 20, {
          contract: 'full-time',
          minHours: 30,
          availability: [
            { day: 0, from: 0, to: 24 },
            { day: 1, from: 0, to: 24 },
          ],
        }),
        cook('c2', 18),
      ],
      [shift('mon', 0, 9, 15, 1), shift('tue', 1, 9, 15, 1)],
      { noOverlap: true, minHoursFullTime: true },
    );
    const result = await scheduleShifts(problem);
    expect(result.status).toBe('infeasible');
    expect(result.explanation?.contracts).toEqual([
      {
        employeeId: 'c1',
        contractedHours: 30,
        possibleHours: 12,
        message:
          'c1 (full-time) can get only 12 of 30 contracted hours: their skills and availability match only 12 h of shifts',
      },
    ]);
    const soft = await scheduleShifts(problem, { soft: { minHoursShortfallPenaltyPerHour: 10 } });
    // c1 takes both shifts (240) and is still 18 h short (180).
    expect(soft).toMatchObject({ status: 'optimal', objective: 420 });
  });

  it('throws solver_timeout when cancelled before the solve', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      scheduleShifts(week([cook('c1', 20)], [shift('sat', 5, 17, 23, 1)]), { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'solver_timeout' });
  });
});

describe('scheduleShifts input checks', () => {
  it('rejects an unknown skill, naming the field', async () => {
    const problem = week([cook('c1', 20, { skills: ['chef'] })], [shift('sat', 5, 17, 23, 1)]);
    await expect(scheduleShifts(problem)).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [
        expect.objectContaining({ path: ['employees', 0, 'skills', 0], message: "unknown skill 'chef'" }),
      ],
    });
  });

  it('rejects availability outside the week', async () => {
    const problem = week(
      [cook('c1', 20, { availability: [{ day: 7, from: 8, to: 16 }] })],
      [shift('sat', 5, 17, 23, 1)],
    );
    await expect(scheduleShifts(problem)).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [expect.objectContaining({ path: ['employees', 0, 'availability', 0, 'day'] })],
    });
  });

  it('rejects a negative staffing level and a preference for an unknown employee', async () => {
    await expect(scheduleShifts(week([cook('c1', 20)], [shift('sat', 5, 17, 23, -1)]))).rejects.toMatchObject(
      {
        code: 'invalid_input',
      },
    );
    await expect(
      scheduleShifts(week([cook('c1', 20)], [shift('sat', 5, 17, 23, 1)]), {
        soft: { preferences: [{ employeeId: 'zz', day: 5, kind: 'avoid', penalty: 1 }] },
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [expect.objectContaining({ path: ['soft', 'preferences', 0, 'employeeId'] })],
    });
  });
});
