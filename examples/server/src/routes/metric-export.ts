import { DyocenseError } from '@dyocense/core';
import {
  type DyocenseSchema,
  mergeRawPoints,
  type RawPointRow,
  readArchivedPoints,
  withTenant,
} from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { toMetricCsv } from '../csv-export.js';
import { audit, instantSchema } from '../metric-store.js';
import { addRoute, type RegisteredRoute } from '../route.js';
import { metricName } from './common.js';

/** Most points one CSV export returns; a larger export is refused with a hint to narrow `from`/`to`. */
export const maxExportPoints = 200_000;

const exportQuerySchema = z.object({
  /** Inclusive lower bound. */
  from: instantSchema.optional(),
  /** Exclusive upper bound. */
  to: instantSchema.optional(),
});

/** A file name for Content-Disposition: the metric name with anything outside `[A-Za-z0-9._-]` replaced. */
function fileNameOf(metric: string): string {
  return `${metric.replace(/[^\w.-]/g, '_').slice(0, 100) || 'metric'}.csv`;
}

/**
 * `GET /v1/metrics/:metric.csv`: every stored point of one metric (not bucketed), oldest first, as CSV with one
 * column per dimension. Formula-like text cells are prefixed with `'` (see `toCsvTextField`).
 */
export function registerMetricExportRoute(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
): void {
  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/metrics/:metric.csv',
    summary: `Export a metric's raw points as CSV (\`ts,value\` then one column per dimension; [from, to) in UTC; at most ${maxExportPoints} points). Text cells starting with =, +, -, @, tab or CR are prefixed with ' so spreadsheets show them as text; numbers are written as numbers`,
    tag: 'metrics',
    role: 'viewer',
    params: z.object({ metric: metricName }),
    query: exportQuerySchema,
    status: 200,
    response: z.string(),
    responseType: 'text/csv',
    handler: async ({ params, query, principal, reply }) => {
      const from =
        query.from === undefined ? sql`` : sql`and ts >= ${new Date(query.from).toISOString()}::timestamptz`;
      const to =
        query.to === undefined ? sql`` : sql`and ts < ${new Date(query.to).toISOString()}::timestamptz`;
      const points = await withTenant(db, principal.tenantId, async (trx) => {
        const stored = await sql<RawPointRow>`
          select ts, series_key, value, dimensions from metric_points
          where tenant_id = ${principal.tenantId}::uuid and metric = ${params.metric} ${from} ${to}
          order by ts, series_key limit ${maxExportPoints + 1}`.execute(trx);
        // Months moved to Parquet by retention are read back from their files and merged in order.
        const archived = await readArchivedPoints(trx, principal.tenantId, params.metric, {
          from: query.from === undefined ? undefined : new Date(query.from),
          to: query.to === undefined ? undefined : new Date(query.to),
        });
        const result = { rows: mergeRawPoints(stored.rows, archived.points) };
        if (result.rows.length > maxExportPoints) {
          throw new DyocenseError({
            code: 'invalid_input',
            message: `The export holds more than ${maxExportPoints} points; narrow it with from and to`,
          });
        }
        // Data leaving the system is audited in the transaction that read it: no export without its entry.
        await audit(trx, principal.tenantId, {
          action: 'metrics.export',
          subject: principal.subject,
          targetType: 'metric',
          targetId: params.metric,
          detail: {
            format: 'csv',
            points: result.rows.length,
            from: query.from ?? null,
            to: query.to ?? null,
          },
        });
        return result.rows;
      });
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileNameOf(params.metric)}"`);
      return toMetricCsv(points);
    },
  });
}
