import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DyocenseError } from '../errors/dyocense-error.js';
import { evaluateGoal, expectedGoalValue, type GoalInput, goalProgress, goalSchema } from './goal.js';

const day = (n: number): number => Date.UTC(2024, 0, n);

const revenueGoal: GoalInput = {
  id: 'g1',
  specific: { metric: 'revenue', description: 'Grow daily revenue to 200 EUR' },
  measurable: { target: 200, comparator: 'at_least', unit: 'EUR' },
  baseline: { value: 100, date: day(1) },
  deadline: day(11),
};

function revenue(values: readonly (number | null)[], firstDay = 1) {
  return {
    id: 'shop-1/revenue',
    metric: 'revenue',
    unit: 'EUR',
    timestamps: values.map((_, index) => day(firstDay + index)),
    values: [...values],
  };
}

function issuePaths(input: unknown): string[] {
  const result = goalSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('goalSchema', () => {
  it('accepts a SMART goal and fills in defaults', () => {
    expect(goalSchema.parse(revenueGoal)).toEqual({
      ...revenueGoal,
      measurable: { target: 200, comparator: 'at_least', unit: 'EUR', tolerance: 0 },
      milestones: [],
    });
  });

  it('rejects a target equal to, or on the wrong side of, the baseline', () => {
    expect(issuePaths({ ...revenueGoal, measurable: { ...revenueGoal.measurable, target: 100 } })).toEqual([
      'measurable.target',
    ]);
    expect(issuePaths({ ...revenueGoal, measurable: { ...revenueGoal.measurable, target: 90 } })).toEqual([
      'measurable.target',
    ]);
    expect(
      issuePaths({ ...revenueGoal, measurable: { ...revenueGoal.measurable, comparator: 'at_most' } }),
    ).toEqual(['measurable.target']);
  });

  it('rejects a deadline at or before the baseline date', () => {
    expect(issuePaths({ ...revenueGoal, deadline: day(1) })).toEqual(['deadline']);
  });

  it('rejects milestones outside the period, out of order, or not moving towards the target', () => {
    expect(issuePaths({ ...revenueGoal, milestones: [{ date: day(11), value: 150 }] })).toEqual([
      'milestones.0.date',
    ]);
    expect(
      issuePaths({
        ...revenueGoal,
        milestones: [
          { date: day(5), value: 150 },
          { date: day(4), value: 160 },
        ],
      }),
    ).toEqual(['milestones.1.date']);
    expect(
      issuePaths({
        ...revenueGoal,
        milestones: [
          { date: day(3), value: 150 },
          { date: day(5), value: 140 },
          { date: day(7), value: 210 },
        ],
      }),
    ).toEqual(['milestones.1.value', 'milestones.2.value']);
  });
});

describe('goalProgress', () => {
  it('measures the share of the way from baseline to target', () => {
    expect([50, 100, 140, 200, 250].map((value) => goalProgress(revenueGoal, value))).toEqual([
      0, 0, 0.4, 1, 1,
    ]);
  });

  it('measures downward goals', () => {
    const stockouts: GoalInput = {
      ...revenueGoal,
      measurable: { target: 5, comparator: 'at_most', unit: '%' },
      baseline: { value: 10, date: day(1) },
    };
    expect(goalProgress(stockouts, 7)).toBe(0.6);
    expect(goalProgress(stockouts, 4)).toBe(1);
  });

  it('counts overshooting a reach target against progress, within tolerance as reached', () => {
    const reach: GoalInput = {
      ...revenueGoal,
      measurable: { target: 200, comparator: 'reach', unit: 'EUR', tolerance: 5 },
    };
    expect(goalProgress(reach, 150)).toBe(0.5);
    expect(goalProgress(reach, 230)).toBe(0.7);
    expect(goalProgress(reach, 197)).toBe(1);
    expect(goalProgress(reach, 400)).toBe(0);
  });

  it('rejects a non-finite value', () => {
    expect(() => goalProgress(revenueGoal, Number.NaN)).toThrowError(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('expectedGoalValue', () => {
  it('follows a straight line from baseline to target without milestones', () => {
    expect(
      [day(0), day(1), day(6), day(11), day(20)].map((at) => expectedGoalValue(revenueGoal, at)),
    ).toEqual([100, 100, 150, 200, 200]);
  });

  it('passes through the milestones', () => {
    const frontLoaded = { ...revenueGoal, milestones: [{ date: day(3), value: 180 }] };
    expect(expectedGoalValue(frontLoaded, day(2))).toBe(140);
    expect(expectedGoalValue(frontLoaded, day(6))).toBe(187.5);
  });
});

describe('evaluateGoal', () => {
  it('reports a goal behind its linear path', () => {
    expect(evaluateGoal(revenueGoal, revenue([100, 110, 120, 125, 130, 140]))).toEqual({
      goalId: 'g1',
      asOf: day(6),
      latest: { date: day(6), value: 140 },
      progress: 0.4,
      expected: 150,
      expectedProgress: 0.5,
      elapsed: 0.5,
      achieved: false,
      onTrack: false,
      status: 'behind',
    });
  });

  it('reports a goal ahead of its path as on track, skipping null observations', () => {
    expect(
      evaluateGoal(revenueGoal, revenue([100, 110, 120, 125, 160, null]), { asOf: day(6) }),
    ).toMatchObject({
      latest: { date: day(5), value: 160 },
      progress: 0.6,
      expectedProgress: 0.5,
      onTrack: true,
      status: 'on_track',
    });
  });

  it('judges progress against the milestones', () => {
    const frontLoaded = { ...revenueGoal, milestones: [{ date: day(3), value: 180 }] };
    expect(evaluateGoal(frontLoaded, revenue([100, 110, 120, 125, 160, 170]))).toMatchObject({
      progress: 0.7,
      expected: 187.5,
      expectedProgress: 0.875,
      status: 'behind',
    });
  });

  it('evaluates as of an earlier date using only data up to then', () => {
    expect(
      evaluateGoal(revenueGoal, revenue([100, 110, 120, 125, 160, 170]), { asOf: day(4) }),
    ).toMatchObject({
      latest: { date: day(4), value: 125 },
      progress: 0.25,
      expected: 130,
      elapsed: 0.3,
      status: 'behind',
    });
  });

  it('reports an achieved goal and a missed one', () => {
    expect(evaluateGoal(revenueGoal, revenue([100, 150, 205]))).toMatchObject({
      progress: 1,
      achieved: true,
      onTrack: true,
      status: 'achieved',
    });
    expect(evaluateGoal(revenueGoal, revenue([100, 150, 180]), { asOf: day(12) })).toEqual({
      goalId: 'g1',
      asOf: day(12),
      latest: { date: day(3), value: 180 },
      progress: 0.8,
      expected: 200,
      expectedProgress: 1,
      elapsed: 1,
      achieved: false,
      onTrack: false,
      status: 'missed',
    });
  });

  it('reports no_data when nothing was observed since the baseline', () => {
    expect(evaluateGoal(revenueGoal, revenue([90, 95], -5))).toEqual({
      goalId: 'g1',
      asOf: day(1),
      latest: null,
      progress: 0,
      expected: 100,
      expectedProgress: 0,
      elapsed: 0,
      achieved: false,
      onTrack: true,
      status: 'no_data',
    });
  });

  it('rejects a series of another metric or unit, and period series', () => {
    const attempts = [
      () => evaluateGoal(revenueGoal, { ...revenue([1]), metric: 'orders' }),
      () => evaluateGoal(revenueGoal, { ...revenue([1]), unit: 'USD' }),
      () => evaluateGoal(revenueGoal, { id: 'p', frequency: 'period', timestamps: [1], values: [1] }),
      () => evaluateGoal({ ...revenueGoal, deadline: -1 }, revenue([1])),
    ];
    for (const attempt of attempts)
      expect(attempt).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('returns finite numbers in range or throws a DyocenseError for any goal and series', () => {
    const number = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -1000, max: 1000 }),
    );
    const instant = fc.integer({ min: day(1), max: day(60) });
    let evaluated = 0;
    fc.assert(
      fc.property(
        fc.record({
          start: number,
          target: number,
          comparator: fc.constantFrom('at_least', 'at_most', 'reach'),
          baselineDate: instant,
          duration: fc.integer({ min: -86_400_000, max: 60 * 86_400_000 }),
          milestones: fc.array(fc.record({ date: instant, value: number }), { maxLength: 2 }),
          observations: fc.uniqueArray(instant, { maxLength: 20 }),
          values: fc.array(fc.option(number, { nil: null }), { minLength: 20, maxLength: 20 }),
          asOf: fc.option(instant, { nil: undefined }),
        }),
        (input) => {
          const timestamps = [...input.observations].sort((left, right) => left - right);
          // Point the comparator the way the target lies, so that most generated goals are valid.
          const comparator =
            input.comparator === 'reach' ? 'reach' : input.target > input.start ? 'at_least' : 'at_most';
          try {
            const result = evaluateGoal(
              {
                ...revenueGoal,
                measurable: { target: input.target, comparator, unit: 'EUR' },
                baseline: { value: input.start, date: input.baselineDate },
                deadline: input.baselineDate + input.duration,
                milestones: input.milestones.length === 2 ? input.milestones : [],
              },
              { id: 's', timestamps, values: input.values.slice(0, timestamps.length) },
              input.asOf === undefined ? {} : { asOf: input.asOf },
            );
            evaluated++;
            for (const share of [result.progress, result.expectedProgress, result.elapsed]) {
              expect(share >= 0 && share <= 1).toBe(true);
            }
            expect(Number.isFinite(result.expected)).toBe(true);
          } catch (error) {
            expect(DyocenseError.isInstance(error)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
    expect(evaluated).toBeGreaterThan(250);
  });
});
