import { DyocenseError, grainSchema } from '@dyocense/core';
import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import { forecastModelNames } from '@dyocense/forecast';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { assertEmbedMetric } from '../embed-access.js';
import { notFound } from '../http-error.js';
import type { JobRunner } from '../jobs/job-runner.js';
import { aggregationSchema, audit, instantSchema, readMetric } from '../metric-store.js';
import { addRoute, type RegisteredRoute } from '../route.js';
import { idParams, isUuid, metricName } from './common.js';

/** Most buckets of history a forecast fits on (the latest ones). */
const maxForecastHistory = 2_000;

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

/** Forecast creation (fit on the stored metric, store the result), reads and the list. */
export function registerForecastRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
  jobs: JobRunner,
): void {
  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/forecasts',
    summary: 'Forecast a stored metric and store the result',
    tag: 'forecasts',
    role: 'analyst',
    body: forecastRequestSchema,
    status: 201,
    response: forecastSchema,
    handler: async ({ body, principal, reply }) => {
      const history = await readMetric(db, principal.tenantId, body, maxForecastHistory);
      if (history.length === 0) {
        throw new DyocenseError({
          code: 'insufficient_data',
          message: `No points of metric "${body.metric}" in the requested range`,
        });
      }
      // CPU-bound: fitted in a worker thread so the event loop keeps serving; abandoned if the client leaves.
      const abandoned = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) abandoned.abort('The client went away');
      });
      const result = await jobs.forecast(
        {
          id: body.metric,
          metric: body.metric,
          frequency: body.grain,
          timestamps: history.map((row) => row.ts.getTime()),
          values: history.map((row) => row.value),
        },
        { horizon: body.horizon, model: body.model, levels: body.levels, gapPolicy: 'interpolate' },
        abandoned.signal,
      );
      const row = await withTenant(db, principal.tenantId, async (trx) => {
        const inserted = await trx
          .insertInto('forecasts')
          .values({
            tenant_id: principal.tenantId,
            metric: body.metric,
            grain: body.grain,
            horizon: body.horizon,
            model: result.method,
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
    summary:
      "Read a stored forecast (embed tokens: only a forecast of one of the token's metrics, 403 otherwise)",
    tag: 'forecasts',
    role: 'viewer',
    embed: 'stored-metric',
    params: idParams,
    status: 200,
    response: forecastSchema,
    handler: async ({ params, principal }) => {
      if (!isUuid(params.id)) throw notFound('forecast');
      const row = await withTenant(db, principal.tenantId, (trx) =>
        trx
          .selectFrom('forecasts')
          .select(['id', 'metric', 'grain', 'horizon', 'model', 'created_at', 'request', 'result'])
          .where('tenant_id', '=', principal.tenantId)
          .where('id', '=', params.id.toLowerCase())
          .executeTakeFirst(),
      );
      // Existence first: another tenant's id answers the same 404 as a missing one, embed token or not.
      if (row === undefined) throw notFound('forecast');
      assertEmbedMetric(principal, row.metric);
      return toForecast(row);
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/forecasts',
    summary: "List stored forecasts, newest first (embed tokens: only forecasts of the token's metrics)",
    tag: 'forecasts',
    role: 'viewer',
    embed: 'metric-list',
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
        // Filtered in SQL too (the route filters the answer as well), so `limit` counts only allowed forecasts.
        if (principal.embed !== undefined) select = select.where('metric', 'in', principal.embed.metrics);
        return select.orderBy('created_at', 'desc').orderBy('id').limit(query.limit).execute();
      });
      return { forecasts: rows.map(toForecast) };
    },
  });
}
