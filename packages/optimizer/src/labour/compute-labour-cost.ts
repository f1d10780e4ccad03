import { parseInput } from '@dyocense/core';
import { z } from 'zod';

/** zod schema of {@link OvertimeRules}. */
export const overtimeRulesSchema = z
  .object({
    /** Hours in a day after which time is overtime (California: 8). */
    dailyOvertimeAfter: z.number().finite().positive().optional(),
    /** Hours in a day after which time is double time (California: 12). */
    dailyDoubleTimeAfter: z.number().finite().positive().optional(),
    /** Straight-time hours in a week after which time is overtime (FLSA and California: 40). */
    weeklyOvertimeAfter: z.number().finite().positive().optional(),
    overtimeMultiplier: z.number().finite().min(1).default(1.5),
    doubleTimeMultiplier: z.number().finite().min(1).default(2),
  })
  .refine(
    (rules) =>
      rules.dailyOvertimeAfter === undefined ||
      rules.dailyDoubleTimeAfter === undefined ||
      rules.dailyDoubleTimeAfter >= rules.dailyOvertimeAfter,
    { message: 'must not be below dailyOvertimeAfter', path: ['dailyDoubleTimeAfter'] },
  );

/** Overtime thresholds and multipliers (input shape). Without thresholds every hour is straight time. */
export type OvertimeRules = z.input<typeof overtimeRulesSchema>;

const inputSchema = z.object({
  /** Straight-time pay per hour. */
  rate: z.number().finite().nonnegative(),
  /** Hours worked on each day of one workweek, in order. */
  dailyHours: z.array(z.number().finite().nonnegative().max(24)).max(7),
  rules: overtimeRulesSchema.default({ overtimeMultiplier: 1.5, doubleTimeMultiplier: 2 }),
});

/** Hours and pay of one day. */
export interface DayPay {
  readonly hours: number;
  readonly regularHours: number;
  readonly overtimeHours: number;
  readonly doubleTimeHours: number;
  readonly pay: number;
}

/** Result of {@link computeLabourCost}; pay in the rate's currency. */
export interface LabourCost {
  readonly regularHours: number;
  readonly overtimeHours: number;
  readonly doubleTimeHours: number;
  readonly regularPay: number;
  readonly overtimePay: number;
  readonly doubleTimePay: number;
  readonly totalPay: number;
  readonly days: readonly DayPay[];
}

/**
 * Pay for one workweek under daily and weekly overtime rules. Daily thresholds apply first; hours already
 * paid as daily overtime or double time do not count toward the weekly threshold (no "pyramiding", as in
 * California's wage orders), and straight-time hours past the weekly threshold become overtime in day order.
 * Not modelled: California's seventh-consecutive-day rule, regular-rate adjustments for bonuses.
 *
 * @throws DyocenseError `invalid_input` naming the field.
 *
 * @example
 * // FLSA: $8/h for 44 h -> 40 x 8 + 4 x 12 = 368
 * computeLabourCost({ rate: 8, dailyHours: [8, 8, 8, 8, 8, 4], rules: { weeklyOvertimeAfter: 40 } }).totalPay
 */
export function computeLabourCost(input: {
  readonly rate: number;
  readonly dailyHours: readonly number[];
  readonly rules?: OvertimeRules;
}): LabourCost {
  const { rate, dailyHours, rules } = parseInput(inputSchema, input, 'labour cost input');
  const overtimeRate = rate * rules.overtimeMultiplier;
  const doubleRate = rate * rules.doubleTimeMultiplier;
  let straightSoFar = 0;
  const days = dailyHours.map((hours): DayPay => {
    const doubleStart = rules.dailyDoubleTimeAfter ?? Number.POSITIVE_INFINITY;
    const overtimeStart = Math.min(rules.dailyOvertimeAfter ?? Number.POSITIVE_INFINITY, doubleStart);
    const doubleTimeHours = Math.max(0, hours - doubleStart);
    let overtimeHours = Math.max(0, Math.min(hours, doubleStart) - overtimeStart);
    let regularHours = hours - doubleTimeHours - overtimeHours;
    const weeklyRoom = Math.max(0, (rules.weeklyOvertimeAfter ?? Number.POSITIVE_INFINITY) - straightSoFar);
    const weeklyExcess = Math.max(0, regularHours - weeklyRoom);
    regularHours -= weeklyExcess;
    overtimeHours += weeklyExcess;
    straightSoFar += regularHours;
    return {
      hours,
      regularHours,
      overtimeHours,
      doubleTimeHours,
      pay: rate * regularHours + overtimeRate * overtimeHours + doubleRate * doubleTimeHours,
    };
  });
  const sum = (pick: (day: DayPay) => number) => days.reduce((total, day) => total + pick(day), 0);
  const regularHours = sum((day) => day.regularHours);
  const overtimeHours = sum((day) => day.overtimeHours);
  const doubleTimeHours = sum((day) => day.doubleTimeHours);
  return {
    regularHours,
    overtimeHours,
    doubleTimeHours,
    regularPay: rate * regularHours,
    overtimePay: overtimeRate * overtimeHours,
    doubleTimePay: doubleRate * doubleTimeHours,
    totalPay: sum((day) => day.pay),
    days,
  };
}
