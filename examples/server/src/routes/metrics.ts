import { DyocenseError, grainSchema } from '@dyocense/core';
import { type DyocenseSchema, insertMetricPoints, withTenant } from '@dyocense/core/db';
import { ingest } from '@dyocense/core/ingest';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  audit,
  instantSchema,
  listMetrics,
  metricReadSchema,
  readMetric,
  seriesToPoints,
} from '../metric-store.js';
import { addRoute, type RegisteredRoute } from '../route.js';
import { metricName } from './common.js';

/** Most points one JSON ingest request may carry (larger loads: CSV upload or several requests). */
export const maxPointsPerRequest = 50_000;

const pointSchema = z.object({
  metric: metricName,
  ts: instantSchema,
  value: z.number(),
  dimensions: z.record(z.string().min(1).max(200), z.string().max(1000)).optional(),
});
const ingestResultSchema = z.object({ inserted: z.number().int(), updated: z.number().int() });

/** Metric ingest (JSON and file upload), the metric list and metric reads by grain and range. */
export function registerMetricRoutes(
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
}
