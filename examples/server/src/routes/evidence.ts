import { DyocenseError, type Grain, grainSchema, nextGrainStart, parseKpiFormula } from '@dyocense/core';
import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import { buildCausalGraph, explainChange } from '@dyocense/evidence';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { notFound } from '../http-error.js';
import { audit, instantSchema } from '../metric-store.js';
import { type MetricTable, readMetricTable } from '../metric-table.js';
import { withEngineTiming } from '../observability/engine-timing.js';
import { addRoute, type RegisteredRoute } from '../route.js';
import { idParams, isUuid, metricName } from './common.js';

/** Most buckets an evidence request reads per metric (Granger and the what-ifs grow with it). */
const maxEvidenceRows = 2_000;
/** Most metrics one request reads. */
const maxEvidenceMetrics = 20;

const periodSchema = z
  .object({ start: z.iso.date(), end: z.iso.date() })
  .refine((period) => period.start <= period.end, { message: 'end must not be before start', path: ['end'] });
const edgeSchema = z.object({
  source: metricName,
  target: metricName,
  lag: z.number().int().min(0).max(365).optional(),
});
const formulasSchema = z.record(metricName, z.string().min(1).max(2_000)).default({});

const explainRequestSchema = z
  .object({
    /** The metric whose change is explained. */
    metric: metricName,
    grain: grainSchema.default('day'),
    /** The earlier and the later period, inclusive UTC dates. */
    from: periodSchema,
    to: periodSchema,
    /** Other stored metrics to consider as drivers (upstream or correlated). */
    drivers: z.array(metricName).max(maxEvidenceMetrics).default([]),
    /** KPI formulas by metric, e.g. `{ "revenue": "orders * average_order_value" }`; one leaf may lack data. */
    formulas: formulasSchema,
    /** Period aggregation by metric: `sum` (default) or `mean` (prices, rates). */
    aggregations: z.record(metricName, z.enum(['sum', 'mean'])).default({}),
    maxLag: z.number().int().min(1).max(60).default(7),
    alpha: z.number().gt(0).lt(1).default(0.05),
    level: z.number().gt(0.5).lt(1).default(0.95),
    required: z.array(edgeSchema).max(100).default([]),
    forbidden: z
      .array(edgeSchema.pick({ source: true, target: true }))
      .max(100)
      .default([]),
    events: z
      .array(
        z.object({
          name: z.string().min(1).max(200),
          date: z.iso.date(),
          metric: metricName.optional(),
          controls: z.array(metricName).max(maxEvidenceMetrics).optional(),
        }),
      )
      .max(20)
      .default([]),
  })
  .refine((body) => body.from.end < body.to.start, {
    message: 'the to period must start after the from period ends',
    path: ['to', 'start'],
  });

const graphRequestSchema = z.object({
  metrics: z.array(metricName).min(2).max(maxEvidenceMetrics),
  grain: grainSchema.default('day'),
  /** Inclusive lower bound. */
  from: instantSchema.optional(),
  /** Exclusive upper bound. */
  to: instantSchema.optional(),
  maxLag: z.number().int().min(1).max(60).default(7),
  alpha: z.number().gt(0).lt(1).default(0.05),
  transform: z.enum(['diff', 'auto', 'none']).default('diff'),
  formulas: formulasSchema,
  required: z.array(edgeSchema).max(100).default([]),
  forbidden: z
    .array(edgeSchema.pick({ source: true, target: true }))
    .max(100)
    .default([]),
});

const findingSchema = z.object({
  id: z.string(),
  kind: z.enum(['explain', 'graph']),
  /** The explained metric; for a graph, its metrics joined by commas. */
  metric: z.string(),
  summary: z.string(),
  request: z.unknown(),
  /** The engine's answer: `explainChange`'s explanation or `buildCausalGraph`'s graph. */
  result: z.unknown(),
  createdAt: z.string(),
});

interface FindingRow {
  id: string;
  kind: string;
  metric: string;
  summary: string;
  detail: unknown;
  created_at: Date;
}

function toFinding(row: FindingRow) {
  const detail = (row.detail ?? {}) as { request?: unknown; result?: unknown };
  return {
    id: row.id,
    kind: row.kind as 'explain' | 'graph',
    metric: row.metric,
    summary: row.summary,
    request: detail.request ?? null,
    result: detail.result ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** The exclusive end of the bucket holding `date` (so an inclusive end date reads its whole bucket). */
function endOfBucket(date: string, grain: Grain): string {
  return new Date(nextGrainStart(Date.parse(date), grain, 'UTC')).toISOString();
}

function requireData(table: MetricTable, metrics: readonly string[]): void {
  const missing = metrics.filter((metric) => table.empty.includes(metric));
  if (missing.length > 0) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `No points of ${missing.map((metric) => `"${metric}"`).join(', ')} in the requested range`,
      details: { metrics: missing },
    });
  }
}

/** Evidence: explain a metric's change, build a causal graph, read a stored finding. */
export function registerEvidenceRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
): void {
  async function store(
    tenantId: string,
    subject: string,
    finding: {
      kind: 'explain' | 'graph';
      metric: string;
      summary: string;
      request: unknown;
      result: unknown;
    },
  ) {
    return withTenant(db, tenantId, async (trx) => {
      const row = await trx
        .insertInto('evidence_findings')
        .values({
          tenant_id: tenantId,
          kind: finding.kind,
          metric: finding.metric,
          summary: finding.summary,
          detail: JSON.stringify({ request: finding.request, result: finding.result }),
        })
        .returning(['id', 'kind', 'metric', 'summary', 'detail', 'created_at'])
        .executeTakeFirstOrThrow();
      await audit(trx, tenantId, {
        action: `evidence.${finding.kind}`,
        subject,
        targetType: 'evidence_finding',
        targetId: row.id,
        detail: { metric: finding.metric },
      });
      return toFinding(row);
    });
  }

  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/evidence/explain',
    summary:
      'Explain why a stored metric changed between two periods (formula split, dated events, upstream metrics, correlations), store the finding',
    tag: 'evidence',
    role: 'analyst',
    body: explainRequestSchema,
    status: 201,
    response: findingSchema,
    handler: async ({ body, principal }) => {
      const leaves = Object.entries(body.formulas).flatMap(([kpi, text]) => {
        try {
          return [kpi, ...parseKpiFormula(text).metrics];
        } catch (error) {
          if (!DyocenseError.isInstance(error)) throw error;
          throw new DyocenseError({
            code: 'invalid_input',
            message: `formulas.${kpi}: ${error.message}`,
            issues: [{ path: ['formulas', kpi], code: 'invalid_formula', message: error.message }],
          });
        }
      });
      const metrics = [...new Set([body.metric, ...body.drivers, ...leaves])];
      if (metrics.length > maxEvidenceMetrics) {
        throw new DyocenseError({
          code: 'invalid_input',
          message: `At most ${maxEvidenceMetrics} metrics per request, got ${metrics.length}`,
        });
      }
      const table = await readMetricTable(
        db,
        principal.tenantId,
        { metrics, grain: body.grain, from: body.from.start, to: endOfBucket(body.to.end, body.grain) },
        maxEvidenceRows,
      );
      // The explained metric may lack points only when its formula defines it; formula leaves may lack
      // points (one leaf is implied by the identity; the engine says when that is impossible).
      requireData(table, [
        ...(body.formulas[body.metric] === undefined ? [body.metric] : []),
        ...body.drivers,
      ]);
      // CPU-bound and synchronous, like forecasts: one at a time per process.
      const result = withEngineTiming(
        app,
        'evidence',
        explainChange,
      )({
        series: table.series,
        dates: table.dates,
        metric: body.metric,
        from: body.from,
        to: body.to,
        formulas: body.formulas,
        aggregations: body.aggregations,
        maxLag: body.maxLag,
        alpha: body.alpha,
        level: body.level,
        required: body.required,
        forbidden: body.forbidden,
        events: body.events,
      });
      return store(principal.tenantId, principal.subject, {
        kind: 'explain',
        metric: body.metric,
        summary: result.sentences[0] ?? result.narrative,
        request: body,
        result,
      });
    },
  });

  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/evidence/graph',
    summary:
      'Build a causal graph (conditional Granger tests, formulas, known edges) over stored metrics at a grain and range, store the finding',
    tag: 'evidence',
    role: 'analyst',
    body: graphRequestSchema,
    status: 201,
    response: findingSchema,
    handler: async ({ body, principal }) => {
      const table = await readMetricTable(
        db,
        principal.tenantId,
        {
          metrics: body.metrics,
          grain: body.grain,
          ...(body.from === undefined ? {} : { from: body.from }),
          ...(body.to === undefined ? {} : { to: body.to }),
        },
        maxEvidenceRows,
      );
      requireData(table, body.metrics);
      const graph = withEngineTiming(
        app,
        'evidence',
        buildCausalGraph,
      )({
        series: table.series,
        dates: table.dates,
        maxLag: body.maxLag,
        alpha: body.alpha,
        transform: body.transform,
        formulas: body.formulas,
        required: body.required,
        forbidden: body.forbidden,
      });
      const edges = graph.edges.map(
        (edge) => `${edge.source} → ${edge.target} (lag ${edge.lag}, ${edge.evidence})`,
      );
      return store(principal.tenantId, principal.subject, {
        kind: 'graph',
        metric: body.metrics.join(','),
        summary: `${graph.edges.length} edge${graph.edges.length === 1 ? '' : 's'} among ${graph.nodes.length} metrics over ${table.dates.length} ${body.grain}s${edges.length === 0 ? '' : `: ${edges.join('; ')}`}`,
        request: body,
        result: graph,
      });
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/evidence/:id',
    summary: 'Read a stored evidence finding',
    tag: 'evidence',
    role: 'viewer',
    params: idParams,
    status: 200,
    response: findingSchema,
    handler: async ({ params, principal }) => {
      if (!isUuid(params.id)) throw notFound('evidence finding');
      const row = await withTenant(db, principal.tenantId, (trx) =>
        trx
          .selectFrom('evidence_findings')
          .select(['id', 'kind', 'metric', 'summary', 'detail', 'created_at'])
          .where('tenant_id', '=', principal.tenantId)
          .where('id', '=', params.id.toLowerCase())
          .executeTakeFirst(),
      );
      if (row === undefined) throw notFound('evidence finding');
      return toFinding(row);
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/evidence',
    summary: 'List stored evidence findings, newest first (without their full results)',
    tag: 'evidence',
    role: 'viewer',
    query: z.object({
      kind: z.enum(['explain', 'graph']).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
    status: 200,
    response: z.object({ findings: z.array(findingSchema.omit({ request: true, result: true })) }),
    handler: async ({ query, principal }) => {
      const rows = await withTenant(db, principal.tenantId, (trx) => {
        let select = trx
          .selectFrom('evidence_findings')
          .select(['id', 'kind', 'metric', 'summary', 'created_at'])
          .where('tenant_id', '=', principal.tenantId);
        if (query.kind !== undefined) select = select.where('kind', '=', query.kind);
        return select.orderBy('created_at', 'desc').orderBy('id').limit(query.limit).execute();
      });
      return {
        findings: rows.map((row) => ({
          id: row.id,
          kind: row.kind as 'explain' | 'graph',
          metric: row.metric,
          summary: row.summary,
          createdAt: row.created_at.toISOString(),
        })),
      };
    },
  });
}
