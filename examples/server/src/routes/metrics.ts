import { createHash } from 'node:crypto';
import { DyocenseError, grainSchema } from '@dyocense/core';
import { type DyocenseSchema, insertMetricPoints, withTenant } from '@dyocense/core/db';
import { ingest } from '@dyocense/core/ingest';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isFormulaLike } from '../csv-export.js';
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
import { registerMetricExportRoute } from './metric-export.js';

/** Most points one JSON ingest request may carry (larger loads: CSV upload or several requests). */
export const maxPointsPerRequest = 50_000;

const formulaRefusal =
  'must not start with =, +, -, @, a tab or a carriage return (a spreadsheet would run it as a formula)';

/**
 * A metric name as stored: names are identifiers that end up in CSV exports and file names, so formula-like
 * names are refused at ingest. Dimension values are data and are stored verbatim; exports neutralise them.
 */
const storedMetricName = metricName.refine((name) => !isFormulaLike(name), formulaRefusal);

/** Refuses points whose metric name (derived from an uploaded file's series ids) looks like a formula. */
function assertNoFormulaMetrics(points: readonly { metric: string }[]): void {
  const names = new Set(points.map((point) => point.metric));
  const hostile = [...names].filter(isFormulaLike);
  if (hostile.length === 0) return;
  const issues = hostile.slice(0, 100).map((name) => ({
    path: ['metric'],
    message: `metric ${JSON.stringify(name)} ${formulaRefusal}`,
    code: 'formula_like_name',
  }));
  throw new DyocenseError({
    code: 'invalid_input',
    message: `The file names metric ${JSON.stringify(hostile[0])}, which ${formulaRefusal}; rename the series or pass ?metric=`,
    issues,
  });
}

const pointSchema = z.object({
  metric: storedMetricName,
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
  registerMetricExportRoute(app, db, registry);
  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/metrics',
    summary:
      'Ingest metric points (idempotent: re-sending the same points adds nothing). Metric names starting with =, +, -, @, tab or CR are refused (formula injection); dimension values are stored verbatim and neutralised by CSV exports',
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
      'Upload a CSV or Excel file (long `unique_id,ds,y` or wide; at most 50 MiB, else 413); errors name the line (invalid UTF-8: line and byte offset). Without `metric`, a series id `a/b/revenue` is metric `revenue` of series `a/b`. Formula-like metric names are refused as in POST /v1/metrics; Excel zip bombs are refused before they inflate',
    tag: 'metrics',
    role: 'analyst',
    query: z.object({
      metric: storedMetricName.optional(),
      /** Kept in the upload history (`GET /v1/uploads`) with the file's size and SHA-256. */
      filename: z.string().min(1).max(255).optional(),
    }),
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
      assertNoFormulaMetrics(points);
      return withTenant(db, principal.tenantId, async (trx) => {
        const result = await insertMetricPoints(trx, principal.tenantId, points);
        await audit(trx, principal.tenantId, {
          action: 'metrics.upload',
          subject: principal.subject,
          targetType: 'file',
          ...(query.filename === undefined ? {} : { targetId: query.filename }),
          detail: {
            rows: table.rowCount,
            series: table.series.length,
            bytes: body.byteLength,
            sha256: createHash('sha256').update(body).digest('hex'),
            ...result,
          },
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
    embed: 'metric-list',
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
    embed: 'metric',
    params: z.object({ metric: metricName }),
    query: metricReadSchema.omit({ metric: true }),
    cache: true,
    status: 200,
    response: z.object({
      metric: z.string(),
      grain: grainSchema,
      points: z.array(z.object({ ts: z.string(), value: z.number() })),
    }),
    handler: async ({ params, query, principal }) => {
      const read = { ...query, metric: params.metric };
      const rows = await readMetric(db, principal.tenantId, read);
      return {
        metric: params.metric,
        grain: query.grain,
        points: rows.map((row) => ({ ts: row.ts.toISOString(), value: row.value })),
      };
    },
  });
}
