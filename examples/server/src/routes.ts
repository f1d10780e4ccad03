import { DyocenseError, grainSchema } from '@dyocense/core';
import { type DyocenseSchema, insertMetricPoints, withTenant } from '@dyocense/core/db';
import { ingest } from '@dyocense/core/ingest';
import { forecast, forecastModelNames } from '@dyocense/forecast';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { notFound } from './http-error.js';
import {
  aggregationSchema,
  audit,
  instantSchema,
  listMetrics,
  metricReadSchema,
  readMetric,
  seriesToPoints,
} from './metric-store.js';
import { addRoute, type RegisteredRoute } from './route.js';

/** Most points one JSON ingest request may carry (larger loads: CSV upload or several requests). */
export const maxPointsPerRequest = 50_000;
/** Most buckets of history a forecast fits on (the latest ones). */
const maxForecastHistory = 2_000;

const metricName = z.string().min(1).max(200);
const pointSchema = z.object({
  metric: metricName,
  ts: instantSchema,
  value: z.number(),
  dimensions: z.record(z.string().min(1).max(200), z.string().max(1000)).optional(),
});
const ingestResultSchema = z.object({ inserted: z.number().int(), updated: z.number().int() });
// Ids are validated loosely: a malformed id must answer 404 exactly like a missing one, not 400.
const idParams = z.object({ id: z.string().max(100) });
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const forecastRequestSchema = z.object({
  metric: metricName,
  horizon: z.number().int().min(1).max(1_000),
  grain: grainSchema.default('day'),
  model: z.enum(forecastModelNames).default('auto'),
  levels: z.array(z.number().gt(0).lt(100)).min(1).max(5).default([80, 95]),
  aggregation: aggregationSchema.default('sum'),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
});
const forecastPointSchema = z.object({
  timestamp: z.string(),
  mean: z.number(),
  intervals: z.array(z.object({ level: z.number(), lower: z.number(), upper: z.number() })),
});
const forecastSummarySchema = z.object({
  id: z.string(),
  metric: z.string(),
  grain: z.string(),
  horizon: z.number().int(),
  model: z.string(),
  createdAt: z.string(),
});
const forecastSchema = forecastSummarySchema.extend({
  request: forecastRequestSchema,
  result: z.object({
    method: z.string(),
    points: z.array(forecastPointSchema),
    warnings: z.array(z.string()),
  }),
});

interface ForecastRow {
  id: string;
  metric: string;
  grain: string;
  horizon: number;
  model: string;
  created_at: Date;
  request?: unknown;
  result?: unknown;
}

function toForecast(row: ForecastRow) {
  return {
    id: row.id,
    metric: row.metric,
    grain: row.grain,
    horizon: row.horizon,
    model: row.model,
    createdAt: row.created_at.toISOString(),
    ...(row.request === undefined ? {} : { request: row.request, result: row.result }),
  };
}

/** Registers every `/v1` API route on `app`; every database access runs through `withTenant`. */
export function registerApiRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
): void {
  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/metrics',
    summary: 'Ingest metric points (idempotent: re-sending the same points adds nothing)',
    tag: 'metrics',
    role: 'analyst',
    body: z.object({ points: z.array(pointSchema).min(1).max(maxPointsPerRequest) }),
    status: 201,
    response: ingestResultSchema,
    handler: ({ body, principal }) =>
      withTenant(db, principal.tenantId, async (trx) => {
        const result = await insertMetricPoints(trx, principal.tenantId, body.points);
        await audit(trx, principal.tenantId, {
          action: 'metrics.ingest',
          subject: principal.subject,
          detail: { points: body.points.length, ...result },
        });
        return result;
      }),
  });

  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/metrics/upload',
    summary:
      'Upload a CSV or Excel file (long `unique_id,ds,y` or wide); errors name the line. Without `metric`, a series id `a/b/revenue` is metric `revenue` of series `a/b`',
    tag: 'metrics',
    role: 'analyst',
    query: z.object({ metric: metricName.optional() }),
    rawBody: [
      'text/csv',
      'application/octet-stream',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    status: 201,
    response: ingestResultSchema.extend({ rows: z.number().int(), series: z.number().int() }),
    handler: async ({ request, query, principal }) => {
      const body: unknown = request.body;
      if (!(body instanceof Uint8Array) || body.byteLength === 0) {
        throw new DyocenseError({
          code: 'invalid_input',
          message: 'The request body must be a non-empty file',
        });
      }
      const table = await ingest(body);
      const points = seriesToPoints(table.series, query.metric);
      return withTenant(db, principal.tenantId, async (trx) => {
        const result = await insertMetricPoints(trx, principal.tenantId, points);
        await audit(trx, principal.tenantId, {
          action: 'metrics.upload',
          subject: principal.subject,
          detail: { rows: table.rowCount, ...result },
        });
        return { ...result, rows: table.rowCount, series: table.series.length };
      });
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/metrics',
    summary: 'List the metrics with stored points',
    tag: 'metrics',
    role: 'viewer',
    status: 200,
    response: z.object({
      metrics: z.array(
        z.object({ metric: z.string(), points: z.number().int(), first: z.string(), last: z.string() }),
      ),
    }),
    handler: async ({ principal }) => {
      const rows = await withTenant(db, principal.tenantId, (trx) => listMetrics(trx, principal.tenantId));
      return {
        metrics: rows.map((row) => ({
          ...row,
          first: row.first.toISOString(),
          last: row.last.toISOString(),
        })),
      };
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/metrics/:metric',
    summary: 'Read a metric by grain and range ([from, to), UTC buckets, summed over dimensions by default)',
    tag: 'metrics',
    role: 'viewer',
    params: z.object({ metric: metricName }),
    query: metricReadSchema.omit({ metric: true }),
    status: 200,
    response: z.object({
      metric: z.string(),
      grain: grainSchema,
      points: z.array(z.object({ ts: z.string(), value: z.number() })),
    }),
    handler: async ({ params, query, principal }) => {
      const read = { ...query, metric: params.metric };
      const rows = await withTenant(db, principal.tenantId, (trx) =>
        readMetric(trx, principal.tenantId, read),
      );
      return {
        metric: params.metric,
        grain: query.grain,
        points: rows.map((row) => ({ ts: row.ts.toISOString(), value: row.value })),
      };
    },
  });

  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/forecasts',
    summary: 'Forecast a stored metric and store the result',
    tag: 'forecasts',
    role: 'analyst',
    body: forecastRequestSchema,
    status: 201,
    response: forecastSchema,
    handler: async ({ body, principal }) => {
      const history = await withTenant(db, principal.tenantId, (trx) =>
        readMetric(trx, principal.tenantId, body, maxForecastHistory),
      );
      if (history.length === 0) {
        throw new DyocenseError({
          code: 'insufficient_data',
          message: `No points of metric "${body.metric}" in the requested range`,
        });
      }
      // CPU-bound and synchronous: one forecast at a time per process; a worker pool is the next step.
      const fitted = forecast(
        {
          id: body.metric,
          metric: body.metric,
          frequency: body.grain,
          timestamps: history.map((row) => row.ts.getTime()),
          values: history.map((row) => row.value),
        },
        { horizon: body.horizon, model: body.model, levels: body.levels, gapPolicy: 'interpolate' },
      );
      const result = { method: fitted.method, points: fitted.points, warnings: fitted.warnings };
      const row = await withTenant(db, principal.tenantId, async (trx) => {
        const inserted = await trx
          .insertInto('forecasts')
          .values({
            tenant_id: principal.tenantId,
            metric: body.metric,
            grain: body.grain,
            horizon: body.horizon,
            model: fitted.method,
            request: JSON.stringify(body),
            result: JSON.stringify(result),
          })
          .returning(['id', 'metric', 'grain', 'horizon', 'model', 'created_at', 'request', 'result'])
          .executeTakeFirstOrThrow();
        await audit(trx, principal.tenantId, {
          action: 'forecasts.create',
          subject: principal.subject,
          targetType: 'forecast',
          targetId: inserted.id,
        });
        return inserted;
      });
      return toForecast(row);
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/forecasts/:id',
    summary: 'Read a stored forecast',
    tag: 'forecasts',
    role: 'viewer',
    params: idParams,
    status: 200,
    response: forecastSchema,
    handler: async ({ params, principal }) => {
      if (!uuidPattern.test(params.id)) throw notFound('forecast');
      const row = await withTenant(db, principal.tenantId, (trx) =>
        trx
          .selectFrom('forecasts')
          .select(['id', 'metric', 'grain', 'horizon', 'model', 'created_at', 'request', 'result'])
          .where('tenant_id', '=', principal.tenantId)
          .where('id', '=', params.id.toLowerCase())
          .executeTakeFirst(),
      );
      if (row === undefined) throw notFound('forecast');
      return toForecast(row);
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/forecasts',
    summary: 'List stored forecasts, newest first',
    tag: 'forecasts',
    role: 'viewer',
    query: z.object({
      metric: metricName.optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
    status: 200,
    response: z.object({ forecasts: z.array(forecastSummarySchema) }),
    handler: async ({ query, principal }) => {
      const rows = await withTenant(db, principal.tenantId, (trx) => {
        let select = trx
          .selectFrom('forecasts')
          .select(['id', 'metric', 'grain', 'horizon', 'model', 'created_at'])
          .where('tenant_id', '=', principal.tenantId);
        if (query.metric !== undefined) select = select.where('metric', '=', query.metric);
        return select.orderBy('created_at', 'desc').orderBy('id').limit(query.limit).execute();
      });
      return { forecasts: rows.map(toForecast) };
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/audit-log',
    summary: 'Read the audit log, newest first (admins only)',
    tag: 'audit',
    role: 'admin',
    query: z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(100) }),
    status: 200,
    response: z.object({
      entries: z.array(
        z.object({
          id: z.string(),
          action: z.string(),
          targetType: z.string().nullable(),
          targetId: z.string().nullable(),
          detail: z.unknown(),
          createdAt: z.string(),
        }),
      ),
    }),
    handler: async ({ query, principal }) => {
      const rows = await withTenant(db, principal.tenantId, (trx) =>
        trx
          .selectFrom('audit_log')
          .select(['id', 'action', 'target_type', 'target_id', 'detail', 'created_at'])
          .where('tenant_id', '=', principal.tenantId)
          .orderBy('id', 'desc')
          .limit(query.limit)
          .execute(),
      );
      return {
        entries: rows.map((row) => ({
          id: String(row.id),
          action: row.action,
          targetType: row.target_type,
          targetId: row.target_id,
          detail: row.detail,
          createdAt: row.created_at.toISOString(),
        })),
      };
    },
  });
}
