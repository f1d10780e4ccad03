import { describe, expect, it } from 'vitest';
import { computeLabourCost } from './compute-labour-cost.js';
import { computeRosterLabourCost } from './compute-roster-labour-cost.js';

const flsa = { weeklyOvertimeAfter: 40 };
const california = { dailyOvertimeAfter: 8, dailyDoubleTimeAfter: 12, weeklyOvertimeAfter: 40 };

describe('computeLabourCost', () => {
  it('reproduces the US DOL FLSA example: $8/h for 44 h is 320 + 4 x 12 = $368', () => {
    // Worked example of the DOL's federal overtime guide ("an employee paid $8.00 an hour works 44 hours").
    const cost = computeLabourCost({ rate: 8, dailyHours: [8, 8, 8, 8, 8, 4], rules: flsa });
    expect(cost.totalPay).toBe(368);
    expect(cost.overtimeHours).toBe(4);
  });

  it('reproduces 29 CFR 778.110: $6/h for 46 h is $294 (40 at $6 plus 6 at $9)', () => {
    const cost = computeLabourCost({ rate: 6, dailyHours: [10, 10, 10, 10, 6], rules: flsa });
    expect(cost.totalPay).toBe(294);
  });

  it('counts California overtime without pyramiding: six 9 h days give 14 overtime hours', () => {
    // 6 daily overtime hours; the remaining 48 straight-time hours exceed 40 by 8; 6 + 8 = 14 (the usual
    // worked example of the "greater of daily or weekly" rule). At $10/h: 40 x 10 + 14 x 15 = 610.
    const cost = computeLabourCost({ rate: 10, dailyHours: [9, 9, 9, 9, 9, 9], rules: california });
    expect(cost).toMatchObject({ regularHours: 40, overtimeHours: 14, doubleTimeHours: 0, totalPay: 610 });
  });

  it('pays a 14 h California day as 8 straight, 4 at 1.5x and 2 at 2x ($80 + $60 + $40)', () => {
    const cost = computeLabourCost({ rate: 10, dailyHours: [14], rules: california });
    expect(cost.days[0]).toEqual({
      hours: 14,
      regularHours: 8,
      overtimeHours: 4,
      doubleTimeHours: 2,
      pay: 180,
    });
  });

  it('pays straight time when no thresholds are given', () => {
    expect(computeLabourCost({ rate: 15, dailyHours: [12, 12, 12, 12] }).totalPay).toBe(720);
  });

  it('rejects a double-time threshold below the overtime threshold and a day above 24 h', () => {
    expect(() =>
      computeLabourCost({
        rate: 10,
        dailyHours: [9],
        rules: { dailyOvertimeAfter: 8, dailyDoubleTimeAfter: 6 },
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => computeLabourCost({ rate: 10, dailyHours: [25] })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('computeRosterLabourCost', () => {
  const problem = {
    skills: [{ id: 'cook' }],
    employees: [
      {
        id: 'c1',
        rate: 10,
        skills: ['cook'],
        contract: 'full-time' as const,
        maxHours: 60,
        availability: [0, 1, 2, 3, 4, 5].map((day) => ({ day, from: 0, to: 24 })),
      },
    ],
    shifts: [0, 1, 2, 3, 4, 5].map((day) => ({
      id: `d${day}`,
      day,
      start: 8,
      end: 17,
      hours: 9,
      skill: 'cook',
      minStaff: 1,
    })),
  };

  it('pays a roster of six 9 h shifts under California rules like the worked example ($610)', () => {
    const assignments = problem.shifts.map((shift) => ({ employeeId: 'c1', shiftId: shift.id }));
    const result = computeRosterLabourCost(problem, assignments, california);
    expect(result.totalPay).toBe(610);
    expect(result.employees[0]?.overtimeHours).toBe(14);
  });

  it('rejects an assignment to an unknown shift', () => {
    expect(() => computeRosterLabourCost(problem, [{ employeeId: 'c1', shiftId: 'x' }], california)).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
