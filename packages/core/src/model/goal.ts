import { z } from 'zod';
import { DyocenseError } from '../errors/dyocense-error.js';
import { parseInput } from '../errors/parse-input.js';
import { instantSchema } from '../time/instant.js';
import { type TimeSeriesInput, timeSeriesSchema } from './series.js';

/**
 * How the target is met: `at_least` (value >= target, e.g. revenue), `at_most` (value <= target, e.g. stockout
 * rate), `reach` (value within `tolerance` of the target; overshooting counts against progress).
 */
export const goalComparatorSchema = z.enum(['at_least', 'at_most', 'reach']);
/** One of {@link goalComparatorSchema}'s values. */
export type GoalComparator = z.infer<typeof goalComparatorSchema>;

const milestoneSchema = z.object({ date: instantSchema, value: z.number() });

/**
 * A SMART goal: Specific (which metric, in words), Measurable (target, comparator, unit), a baseline (value and
 * date), Time-bound (deadline) and optional milestones on the way. Dates are epoch milliseconds.
 *
 * Rules: the deadline is after the baseline date; the target differs from the baseline and, for `at_least` /
 * `at_most`, lies above / below it; milestones have strictly increasing dates strictly between baseline and
 * deadline, and values that move monotonically from the baseline towards the target without passing it.
 */
export const goalSchema = z
  .object({
    id: z.string().min(1),
    specific: z.object({
      /** Id of the metric the goal is about (matches a series' `metric`). */
      metric: z.string().min(1),
      description: z.string().trim().min(1),
    }),
    measurable: z.object({
      target: z.number(),
      comparator: goalComparatorSchema,
      /** Unit of target, baseline and milestone values (e.g. `EUR`, `%`, `orders`). */
      unit: z.string().min(1),
      /** For `reach`: how close (in `unit`) counts as reached. Default 0. Ignored by the other comparators. */
      tolerance: z.number().min(0).default(0),
    }),
    baseline: z.object({ value: z.number(), date: instantSchema }),
    deadline: instantSchema,
    milestones: z.array(milestoneSchema).default([]),
  })
  .superRefine((goal, context) => {
    const { target, comparator } = goal.measurable;
    const start = goal.baseline.value;
    if (target === start) {
      context.addIssue({
        code: 'custom',
        path: ['measurable', 'target'],
        message: 'must differ from the baseline value',
      });
    } else if (comparator === 'at_least' && target < start) {
      context.addIssue({
        code: 'custom',
        path: ['measurable', 'target'],
        message: 'must be above the baseline value for an at_least goal',
      });
    } else if (comparator === 'at_most' && target > start) {
      context.addIssue({
        code: 'custom',
        path: ['measurable', 'target'],
        message: 'must be below the baseline value for an at_most goal',
      });
    }
    if (goal.deadline <= goal.baseline.date) {
      context.addIssue({ code: 'custom', path: ['deadline'], message: 'must be after the baseline date' });
    }
    const direction = Math.sign(target - start);
    let previous = { date: goal.baseline.date, value: start };
    goal.milestones.forEach((milestone, index) => {
      if (milestone.date <= previous.date || milestone.date >= goal.deadline) {
        context.addIssue({
          code: 'custom',
          path: ['milestones', index, 'date'],
          message: 'must be after the baseline and the previous milestone, and before the deadline',
        });
      }
      if ((milestone.value - previous.value) * direction < 0 || (target - milestone.value) * direction < 0) {
        context.addIssue({
          code: 'custom',
          path: ['milestones', index, 'value'],
          message: 'must move from the previous milestone towards the target without passing it',
        });
      }
      previous = milestone;
    });
  });

/** A validated goal (see {@link goalSchema}). */
export type Goal = z.output<typeof goalSchema>;
/** Input accepted where a goal is expected (`tolerance` and `milestones` may be omitted). */
export type GoalInput = z.input<typeof goalSchema>;

/** Where a goal stands: `no_data` when no observation lies between the baseline date and `asOf`. */
export type GoalStatus = 'achieved' | 'on_track' | 'behind' | 'missed' | 'no_data';

/** Result of {@link evaluateGoal}. Every number is finite. */
export interface GoalEvaluation {
  readonly goalId: string;
  /** Instant the evaluation is for (epoch ms). */
  readonly asOf: number;
  /** Last non-null observation between the baseline date and `asOf`, or null. */
  readonly latest: { readonly date: number; readonly value: number } | null;
  /** Share (0..1) of the way from baseline to target covered by the latest value (baseline when none). */
  readonly progress: number;
  /** Value the plan expects at `asOf`: linear from baseline through the milestones to the target. */
  readonly expected: number;
  /** Share (0..1) of the way from baseline to target the plan expects at `asOf`. */
  readonly expectedProgress: number;
  /** Share (0..1) of the time from baseline date to deadline that has passed at `asOf`. */
  readonly elapsed: number;
  readonly achieved: boolean;
  /** True when achieved, or when progress is at least the expected progress and the deadline has not passed. */
  readonly onTrack: boolean;
  readonly status: GoalStatus;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** `(x - y) / (u - v)` without overflowing to `Infinity / Infinity` for huge finite inputs; never NaN. */
function ratioOfDifferences(x: number, y: number, u: number, v: number): number {
  let numerator = x - y;
  let denominator = u - v;
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator)) {
    numerator = x / 2 - y / 2;
    denominator = u / 2 - v / 2;
  }
  if (numerator === 0) return 0;
  return numerator / denominator;
}

/** Unclamped progress of `value` (1 = target met exactly; reach goals lose progress when overshooting). */
function rawProgress(goal: Goal, value: number): number {
  const { target, comparator } = goal.measurable;
  const start = goal.baseline.value;
  if (comparator === 'reach') {
    const distance = ratioOfDifferences(target, value, target, start);
    return 1 - Math.abs(distance);
  }
  return ratioOfDifferences(value, start, target, start);
}

function isAchieved(goal: Goal, value: number): boolean {
  const { target, comparator, tolerance } = goal.measurable;
  if (comparator === 'at_least') return value >= target;
  if (comparator === 'at_most') return value <= target;
  return Math.abs(target - value) <= tolerance;
}

function expectedAt(goal: Goal, instant: number): number {
  const path = [goal.baseline, ...goal.milestones, { date: goal.deadline, value: goal.measurable.target }];
  const at = clamp(instant, goal.baseline.date, goal.deadline);
  for (let index = 1; index < path.length; index++) {
    const from = path[index - 1] as { date: number; value: number };
    const to = path[index] as { date: number; value: number };
    if (at <= to.date) {
      const fraction = (at - from.date) / (to.date - from.date);
      const value = from.value * (1 - fraction) + to.value * fraction;
      return clamp(value, Math.min(from.value, to.value), Math.max(from.value, to.value));
    }
  }
  return goal.measurable.target;
}

/**
 * Progress of `value` towards the goal's target, from 0 (at or behind the baseline) to 1 (target met).
 * For `reach` goals overshooting the target lowers progress; a value within `tolerance` gives 1.
 *
 * @throws DyocenseError `invalid_input` for an invalid goal or a non-finite value.
 * @example
 * goalProgress(revenueGoal, 140); // 0.4 for baseline 100 and target 200 (at_least)
 */
export function goalProgress(goal: GoalInput, value: number): number {
  const parsed = parseInput(goalSchema, goal, 'goal');
  parseInput(z.number(), value, 'goal value');
  return isAchieved(parsed, value) ? 1 : clamp(rawProgress(parsed, value), 0, 1);
}

/**
 * The value the goal's plan expects at `instant`: the baseline before the baseline date, the target after the
 * deadline, and linear interpolation between baseline, milestones and target in between (in the goal's unit).
 *
 * @throws DyocenseError `invalid_input` for an invalid goal or instant.
 */
export function expectedGoalValue(goal: GoalInput, instant: number): number {
  const parsed = parseInput(goalSchema, goal, 'goal');
  return expectedAt(parsed, parseInput(instantSchema, instant, 'instant'));
}

const evaluateOptionsSchema = z.object({ asOf: instantSchema.optional() });

/** Options of {@link evaluateGoal}: `asOf` (epoch ms; default the date of the latest observation). */
export type EvaluateGoalOptions = z.input<typeof evaluateOptionsSchema>;

/**
 * Evaluates a goal against the metric's series: latest value, progress, the value expected by `asOf` on the
 * plan (linear from baseline through milestones to target), and a status. `asOf` defaults to the latest
 * non-null observation at or after the baseline date (or the baseline date), so results do not depend on the
 * clock; pass `asOf: Date.now()` to judge against today. Status: `no_data` without observations between the
 * baseline date and `asOf`; otherwise `achieved` when the latest value meets the target, `missed` when
 * `asOf` is at or past the deadline, `on_track` when progress >= expected progress, else `behind`.
 *
 * @throws DyocenseError `invalid_input` for an invalid goal, series or options, a `period` series, or a series
 * whose `metric` or `unit` differs from the goal's.
 * @example
 * evaluateGoal(revenueGoal, revenueSeries, { asOf: Date.UTC(2024, 0, 6) });
 * // { progress: 0.4, expected: 150, expectedProgress: 0.5, status: 'behind', ... }
 */
export function evaluateGoal(
  goal: GoalInput,
  series: TimeSeriesInput,
  options: EvaluateGoalOptions = {},
): GoalEvaluation {
  const parsed = parseInput(goalSchema, goal, 'goal');
  const data = parseInput(timeSeriesSchema, series, 'time series');
  const { asOf: requestedAsOf } = parseInput(evaluateOptionsSchema, options, 'goal evaluation options');
  if (data.frequency === 'period') {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Series ${data.id} is indexed by period numbers; a goal needs dated observations`,
    });
  }
  if (data.metric !== undefined && data.metric !== parsed.specific.metric) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Goal ${parsed.id} is about metric ${parsed.specific.metric}, but series ${data.id} holds ${data.metric}`,
    });
  }
  if (data.unit !== undefined && data.unit !== parsed.measurable.unit) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Goal ${parsed.id} is measured in ${parsed.measurable.unit}, but series ${data.id} is in ${data.unit}`,
    });
  }
  const limit = requestedAsOf ?? Number.POSITIVE_INFINITY;
  let latest: { date: number; value: number } | null = null;
  for (let index = data.timestamps.length - 1; index >= 0; index--) {
    const date = data.timestamps[index] as number;
    const value = data.values[index];
    if (date < parsed.baseline.date) break;
    if (date <= limit && value !== null && value !== undefined) {
      latest = { date, value };
      break;
    }
  }
  const asOf = requestedAsOf ?? latest?.date ?? parsed.baseline.date;
  const current = latest?.value ?? parsed.baseline.value;
  const achieved = latest !== null && isAchieved(parsed, current);
  const raw = rawProgress(parsed, current);
  const expected = expectedAt(parsed, asOf);
  const expectedProgress = clamp(
    ratioOfDifferences(expected, parsed.baseline.value, parsed.measurable.target, parsed.baseline.value),
    0,
    1,
  );
  const pastDeadline = asOf >= parsed.deadline;
  const onTrack = achieved || (!pastDeadline && raw >= expectedProgress);
  let status: GoalStatus;
  if (latest === null) status = 'no_data';
  else if (achieved) status = 'achieved';
  else if (pastDeadline) status = 'missed';
  else status = onTrack ? 'on_track' : 'behind';
  return {
    goalId: parsed.id,
    asOf,
    latest,
    progress: achieved ? 1 : clamp(raw, 0, 1),
    expected,
    expectedProgress,
    elapsed: clamp((asOf - parsed.baseline.date) / (parsed.deadline - parsed.baseline.date), 0, 1),
    achieved,
    onTrack,
    status,
  };
}
