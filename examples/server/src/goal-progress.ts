import { evaluateGoal, type GoalInput, type GoalStatus, type Grain, nextGrainStart } from '@dyocense/core';
import type { DyocenseSchema } from '@dyocense/core/db';
import type { Kysely } from 'kysely';
import { type MetricRead, maxBuckets, readMetric } from './metric-store.js';

const dayMs = 86_400_000;

/** A stored goal as the progress computation needs it; dates are `YYYY-MM-DD` (UTC days). */
export interface GoalFacts {
  readonly id: string;
  readonly title: string;
  readonly metric: string;
  readonly target: number;
  readonly baseline: number;
  readonly startDate: string;
  /** The last day of the goal, inclusive. */
  readonly dueDate: string;
  /** How the goal is judged: `increase`/`at_least` up to the target, `decrease`/`at_most` down to it. */
  readonly direction: GoalComparator;
  /** The bucket progress is measured in (stored with the goal). */
  readonly grain: Grain;
  /** How the metric is aggregated per bucket (stored with the goal). */
  readonly aggregation: MetricRead['aggregation'];
}

/**
 * How progress is measured: the metric per bucket of `grain` under `aggregation` (default: the goal's own), judged
 * at `asOf` (ms).
 */
export interface ProgressOptions {
  readonly grain?: Grain | undefined;
  readonly aggregation?: MetricRead['aggregation'] | undefined;
  readonly asOf: number;
}

/** Where a goal stands at `asOf`; percentages are 0..100, rounded to 0.01. */
export interface GoalProgress {
  readonly asOf: string;
  readonly grain: Grain;
  readonly aggregation: MetricRead['aggregation'];
  /** The latest complete bucket on or after the start date and before `asOf` and the end of the due date. */
  readonly current: { readonly ts: string; readonly value: number } | null;
  /** Share of the way from baseline to target covered by the current value (baseline when none). */
  readonly percent: number;
  /** Value a straight line from the baseline (start date) to the target (end of the due date) gives at `asOf`. */
  readonly expectedValue: number;
  readonly expectedPercent: number;
  /** Share of the goal's time that has passed at `asOf`. */
  readonly elapsedPercent: number;
  /** `no_data` when no complete bucket lies in the goal's window yet. */
  readonly status: GoalStatus;
  /** Whole days from `asOf` to the end of the due date, 0 once it has passed. */
  readonly daysLeft: number;
}

/** Directions a goal may have, as `POST /v1/goals` takes them and `goals.comparator` stores them. */
export const goalDirections = ['increase', 'decrease', 'at_least', 'at_most'] as const;
/** One of {@link goalDirections}. */
export type GoalComparator = (typeof goalDirections)[number];

/** Core's comparator for a direction: `increase` is met at or above the target like `at_least`, `decrease` like `at_most`. */
export function comparatorOf(direction: GoalComparator): 'at_least' | 'at_most' {
  return direction === 'increase' || direction === 'at_least' ? 'at_least' : 'at_most';
}

/** The goal in core's SMART form: baseline at the start date, deadline at the end of the due date. */
export function toCoreGoal(goal: GoalFacts): GoalInput {
  return {
    id: goal.id,
    specific: { metric: goal.metric, description: goal.title },
    measurable: { target: goal.target, comparator: comparatorOf(goal.direction), unit: 'metric' },
    baseline: { value: goal.baseline, date: Date.parse(goal.startDate) },
    deadline: Date.parse(goal.dueDate) + dayMs,
  };
}

const round = (share: number) => Math.round(share * 10_000) / 100;

/**
 * Reads the goal's metric per bucket and evaluates it with core's {@link evaluateGoal} at `options.asOf`.
 * Only complete buckets count (a bucket that ends after `asOf` or after the due date would understate a sum),
 * so a daily goal sees yesterday's total, a monthly goal last month's. The metric is read outside any
 * transaction in one round trip (see `readMetric`), for the authenticated tenant only.
 *
 * @throws DyocenseError `invalid_input` when the stored goal breaks core's SMART rules.
 */
export async function readGoalProgress(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  goal: GoalFacts,
  options: ProgressOptions,
): Promise<GoalProgress> {
  const grain = options.grain ?? goal.grain;
  const aggregation = options.aggregation ?? goal.aggregation;
  const core = toCoreGoal(goal);
  const deadline = core.deadline as number;
  const cutoff = Math.min(options.asOf, deadline);
  const rows =
    cutoff <= Date.parse(goal.startDate)
      ? []
      : await readMetric(
          db,
          tenantId,
          {
            metric: goal.metric,
            grain,
            aggregation,
            from: goal.startDate,
            to: new Date(cutoff).toISOString(),
          },
          maxBuckets,
        );
  const complete = rows.filter((row) => nextGrainStart(row.ts.getTime(), grain, 'UTC') <= cutoff);
  const evaluation = evaluateGoal(
    core,
    {
      id: goal.metric,
      metric: goal.metric,
      frequency: grain,
      timestamps: complete.map((row) => row.ts.getTime()),
      values: complete.map((row) => row.value),
    },
    { asOf: options.asOf },
  );
  return {
    asOf: new Date(options.asOf).toISOString(),
    grain,
    aggregation,
    current:
      evaluation.latest === null
        ? null
        : { ts: new Date(evaluation.latest.date).toISOString(), value: evaluation.latest.value },
    percent: round(evaluation.progress),
    expectedValue: evaluation.expected,
    expectedPercent: round(evaluation.expectedProgress),
    elapsedPercent: round(evaluation.elapsed),
    status: evaluation.status,
    daysLeft: Math.max(0, Math.ceil((deadline - options.asOf) / dayMs)),
  };
}
