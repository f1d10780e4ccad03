import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { notFound } from '../http-error.js';
import { createEventStream } from '../jobs/run-event-stream.js';
import { type SyncJobs, syncFinalEvent } from '../jobs/sync-jobs.js';
import { isFinalSync, listSyncRuns, readSyncRun, type SyncRunView } from '../jobs/sync-runs.js';
import { addRoute, type RegisteredRoute } from '../route.js';
import { idParams, isUuid } from './common.js';

const syncRunSchema = z.object({
  id: z.string(),
  dataSourceId: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  trigger: z.enum(['manual', 'schedule']),
  attempts: z.number().int(),
  rowsRead: z.number().int(),
  pointsWritten: z.number().int(),
  pointsDeleted: z
    .number()
    .int()
    .meta({ description: 'Points removed because their source records were deleted' }),
  deletionsSkipped: z.number().int().meta({
    description:
      "Deleted source records not applied: their stream's mapping has no recordIdField, so their points cannot be told apart",
  }),
  error: z
    .string()
    .nullable()
    .meta({ description: 'Why the last attempt failed (kept while a retry is queued)' }),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

/**
 * Connector syncs: trigger one for a data source, read and list runs, and follow a run as Server-Sent Events.
 * Another tenant's data source or run answers 404 exactly like a missing one.
 */
export function registerSyncRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
  syncs: SyncJobs,
): void {
  const findRun = async (tenantId: string, id: string): Promise<SyncRunView> => {
    if (!isUuid(id)) throw notFound('sync run');
    const run = await withTenant(db, tenantId, (trx) => readSyncRun(trx, tenantId, id.toLowerCase()));
    if (run === undefined) throw notFound('sync run');
    return run;
  };

  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/data-sources/:id/sync',
    summary:
      'Queue a sync of a data source now (202 with the sync run; follow it at /v1/sync-runs/{id}/events)',
    tag: 'syncs',
    role: 'analyst',
    params: idParams,
    status: 202,
    response: syncRunSchema,
    handler: async ({ params, principal }) => {
      if (!isUuid(params.id)) throw notFound('data source');
      return syncs.trigger(principal.tenantId, params.id.toLowerCase(), principal.subject);
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/sync-runs/:id',
    summary:
      'Read a sync run: status, attempts, rows read, points written, and the error of a failed attempt',
    tag: 'syncs',
    role: 'viewer',
    params: idParams,
    status: 200,
    response: syncRunSchema,
    handler: async ({ params, principal }) => findRun(principal.tenantId, params.id),
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/sync-runs',
    summary: 'List sync runs, newest first, optionally of one data source',
    tag: 'syncs',
    role: 'viewer',
    query: z.object({
      dataSourceId: z.uuid().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
    status: 200,
    response: z.object({ runs: z.array(syncRunSchema) }),
    handler: async ({ query, principal }) => {
      const runs = await withTenant(db, principal.tenantId, (trx) =>
        listSyncRuns(trx, principal.tenantId, {
          dataSourceId: query.dataSourceId?.toLowerCase(),
          limit: query.limit,
        }),
      );
      return { runs };
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/sync-runs/:id/events',
    summary:
      'Follow a sync run as Server-Sent Events: `progress` events (rows read, points written; a failed attempt awaiting its retry), then one `done` or `failed` event with the run; then the stream ends',
    tag: 'syncs',
    role: 'viewer',
    params: idParams,
    status: 200,
    responseType: 'text/event-stream',
    response: z.string().meta({
      description:
        'event: progress / data: { id, status, attempt, rowsRead, pointsWritten } (or the stored run); final event data: the run',
    }),
    handler: async ({ params, principal, reply }) => {
      const { tenantId } = principal;
      const run = await findRun(tenantId, params.id);
      reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no')
        .header('connection', 'close');
      const stream = createEventStream<SyncRunView>({
        run,
        isFinal: (current) => isFinalSync(current.status),
        finalEvent: syncFinalEvent,
        storedProgress: (current) => ({ type: 'progress', data: current }),
        read: () => withTenant(db, tenantId, (trx) => readSyncRun(trx, tenantId, run.id)),
        watch: (listener) => syncs.watch(tenantId, run.id, listener),
        closing: syncs.closing,
        // A retry may run in another process: its outcome is read from the database.
        pollWhileLive: true,
      });
      reply.raw.once('close', () => stream.destroy());
      return stream;
    },
  });
}
