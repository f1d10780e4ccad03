import { goalSchema, grainSchema, parseInput } from '@dyocense/core';
import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import {
  comparatorOf,
  type GoalFacts,
  goalDirections,
  readGoalProgress,
  toCoreGoal,
} from '../goal-progress.js';
import { notFound } from '../http-error.js';
import { aggregationSchema, audit, instantSchema } from '../metric-store.js';
import { addRoute, type RegisteredRoute } from '../route.js';
import { idParams, isUuid, metricName } from './common.js';

/**
 * `increase` and `at_least` both mean "met when the value is at or above the target" (target above the
 * baseline); `decrease` and `at_most` "at or below" (target below the baseline). Stored as given
 * (`goals.comparator`) and answered back the same.
 */
const directionSchema = z.enum(goalDirections);

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const goalRequestSchema = z
  .object({
    /** What the goal is about, in words (the S of SMART). */
    title: z.string().trim().min(1).max(500),
    metric: metricName,
    direction: directionSchema,
    target: finite,
    baseline: finite,
    /** First day of the goal (UTC), the day the baseline holds. */
    startDate: z.iso.date(),
    /** Last day of the goal (UTC), inclusive. */
    dueDate: z.iso.date(),
    /** The bucket progress is measured in; stored with the goal. */
    grain: grainSchema.default('day'),
    /** How the metric is aggregated per bucket; stored with the goal. */
    aggregation: aggregationSchema.default('sum'),
  })
  .superRefine((goal, context) => {
    if (goal.dueDate <= goal.startDate) {
      context.addIssue({ code: 'custom', path: ['dueDate'], message: 'must be after startDate' });
    }
    if (goal.target === goal.baseline) {
      context.addIssue({ code: 'custom', path: ['target'], message: 'must differ from the baseline' });
    } else if ((comparatorOf(goal.direction) === 'at_least') !== goal.target > goal.baseline) {
      const side = comparatorOf(goal.direction) === 'at_least' ? 'above' : 'below';
      context.addIssue({
        code: 'custom',
        path: ['target'],
        message: `must be ${side} the baseline for direction ${goal.direction}`,
      });
    }
  });

const progressSchema = z.object({
  asOf: z.string(),
  grain: grainSchema,
  aggregation: aggregationSchema,
  current: z.object({ ts: z.string(), value: z.number() }).nullable(),
  percent: z.number(),
  expectedValue: z.number(),
  expectedPercent: z.number(),
  elapsedPercent: z.number(),
  status: z.enum(['achieved', 'on_track', 'behind', 'missed', 'no_data']),
  daysLeft: z.number().int(),
});
const goalSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  metric: z.string(),
  direction: directionSchema,
  grain: grainSchema,
  aggregation: aggregationSchema,
  target: z.number(),
  baseline: z.number().nullable(),
  startDate: z.string(),
  dueDate: z.string(),
  /** `archived` goals are kept for the record but no longer tracked. */
  state: z.enum(['active', 'achieved', 'missed', 'archived']),
  createdAt: z.string(),
});
/** `progress` is null for a goal without a baseline (nothing to measure progress from). */
const goalSchemaWithProgress = goalSummarySchema.extend({ progress: progressSchema.nullable() });

type GoalState = z.infer<typeof goalSummarySchema>['state'];

interface GoalRow {
  id: string;
  title: string;
  metric: string;
  target_value: number;
  baseline_value: number | null;
  start_date: string;
  due_date: string;
  status: GoalState;
  comparator: GoalFacts['direction'];
  grain: GoalFacts['grain'];
  aggregation: GoalFacts['aggregation'];
  created_at: Date;
}

/** The goal's facts, or undefined without a baseline (goals created through this API always have one). */
function facts(row: GoalRow): GoalFacts | undefined {
  if (row.baseline_value === null) return undefined;
  return {
    id: row.id,
    title: row.title,
    metric: row.metric,
    target: row.target_value,
    baseline: row.baseline_value,
    startDate: row.start_date,
    dueDate: row.due_date,
    direction: row.comparator,
    grain: row.grain,
    aggregation: row.aggregation,
  };
}

function toSummary(row: GoalRow) {
  return {
    id: row.id,
    title: row.title,
    metric: row.metric,
    direction: row.comparator,
    grain: row.grain,
    aggregation: row.aggregation,
    target: row.target_value,
    baseline: row.baseline_value,
    startDate: row.start_date,
    dueDate: row.due_date,
    state: row.status,
    createdAt: row.created_at.toISOString(),
  };
}

// Dates as text: drivers turn a `date` into a Date at local midnight, which shifts the day off UTC.
const goalColumns = [
  'id',
  'title',
  'metric',
  'target_value',
  'baseline_value',
  sql<string>`start_date::text`.as('start_date'),
  sql<string>`due_date::text`.as('due_date'),
  'status',
  'comparator',
  'grain',
  'aggregation',
  'created_at',
] as const;

function selectGoal(trx: Transaction<DyocenseSchema>, tenantId: string, id: string) {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return trx
    .selectFrom('goals')
    .select(goalColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id.toLowerCase())
    .executeTakeFirst() as Promise<GoalRow | undefined>;
}

/** SMART goals: create, list, read with progress from the stored metric, archive. */
export function registerGoalRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
): void {
  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/goals',
    summary:
      'Create a SMART goal on a metric: target, baseline, direction, start and due dates (UTC days, due date inclusive), and the grain and aggregation its progress is measured with',
    tag: 'goals',
    role: 'analyst',
    body: goalRequestSchema,
    status: 201,
    response: goalSummarySchema,
    handler: async ({ body, principal }) => {
      // Core's SMART rules are the final word (they also guard the progress computation later).
      parseInput(goalSchema, toCoreGoal({ id: 'new', ...body }), 'goal');
      const row = await withTenant(db, principal.tenantId, async (trx) => {
        const inserted = (await trx
          .insertInto('goals')
          .values({
            tenant_id: principal.tenantId,
            metric: body.metric,
            title: body.title,
            target_value: body.target,
            baseline_value: body.baseline,
            start_date: body.startDate,
            due_date: body.dueDate,
            comparator: body.direction,
            grain: body.grain,
            aggregation: body.aggregation,
          })
          .returning(goalColumns)
          .executeTakeFirstOrThrow()) as GoalRow;
        await audit(trx, principal.tenantId, {
          action: 'goals.create',
          subject: principal.subject,
          targetType: 'goal',
          targetId: inserted.id,
          detail: { metric: body.metric, direction: body.direction },
        });
        return inserted;
      });
      return toSummary(row);
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/goals',
    summary: 'List goals, newest first (active ones unless `state` says otherwise)',
    tag: 'goals',
    role: 'viewer',
    query: z.object({
      state: z.enum(['active', 'archived', 'all']).default('active'),
      metric: metricName.optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    status: 200,
    response: z.object({ goals: z.array(goalSummarySchema) }),
    handler: async ({ query, principal }) => {
      const rows = await withTenant(db, principal.tenantId, (trx) => {
        let select = trx.selectFrom('goals').select(goalColumns).where('tenant_id', '=', principal.tenantId);
        if (query.state === 'archived') select = select.where('status', '=', 'archived');
        if (query.state === 'active') select = select.where('status', '!=', 'archived');
        if (query.metric !== undefined) select = select.where('metric', '=', query.metric);
        return select.orderBy('created_at', 'desc').orderBy('id').limit(query.limit).execute() as Promise<
          GoalRow[]
        >;
      });
      return { goals: rows.map(toSummary) };
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/goals/:id',
    summary:
      "Read a goal with its progress: the metric per bucket of the goal's grain under its aggregation (complete buckets only; `grain` and `aggregation` override them for this read), judged at `asOf` (default now)",
    tag: 'goals',
    role: 'viewer',
    params: idParams,
    // The goal stores its grain and aggregation; a read may still look at it another way (a weekly view of a
    // daily goal) without changing it.
    query: z.object({
      grain: grainSchema.optional(),
      aggregation: aggregationSchema.optional(),
      asOf: instantSchema.optional(),
    }),
    status: 200,
    response: goalSchemaWithProgress,
    handler: async ({ params, query, principal }) => {
      const asOf = query.asOf === undefined ? Date.now() : Date.parse(query.asOf);
      const row = await withTenant(db, principal.tenantId, (trx) =>
        selectGoal(trx, principal.tenantId, params.id),
      );
      if (row === undefined) throw notFound('goal');
      const goal = facts(row);
      const progress =
        goal === undefined
          ? null
          : await readGoalProgress(db, principal.tenantId, goal, {
              grain: query.grain,
              aggregation: query.aggregation,
              asOf,
            });
      return { ...toSummary(row), progress };
    },
  });

  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/goals/:id/archive',
    summary:
      'Archive a goal (kept for the record, no longer listed as active); archiving twice changes nothing',
    tag: 'goals',
    role: 'analyst',
    params: idParams,
    status: 200,
    response: goalSummarySchema,
    handler: async ({ params, principal }) => {
      const row = await withTenant(db, principal.tenantId, async (trx) => {
        const found = await selectGoal(trx, principal.tenantId, params.id);
        if (found === undefined || found.status === 'archived') return found;
        const updated = (await trx
          .updateTable('goals')
          .set({ status: 'archived' })
          .where('tenant_id', '=', principal.tenantId)
          .where('id', '=', found.id)
          .returning(goalColumns)
          .executeTakeFirstOrThrow()) as GoalRow;
        await audit(trx, principal.tenantId, {
          action: 'goals.archive',
          subject: principal.subject,
          targetType: 'goal',
          targetId: found.id,
        });
        return updated;
      });
      if (row === undefined) throw notFound('goal');
      return toSummary(row);
    },
  });
}
