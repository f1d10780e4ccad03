import { DyocenseError } from '@dyocense/core';
import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { notFound } from '../http-error.js';
import type { JobRunner } from '../jobs/job-runner.js';
import { optimizationKinds } from '../jobs/job-task.js';
import { optimizationRequestSchema, planOptimization } from '../jobs/optimization-request.js';
import { finishRun, isFinal, listRuns, readRun, runStatuses } from '../jobs/optimization-runs.js';
import { createRunEventStream } from '../jobs/run-event-stream.js';
import { audit } from '../metric-store.js';
import { addRoute, type RegisteredRoute } from '../route.js';
import { idParams, isUuid } from './common.js';

/** Longest `?wait=true` before the run is answered as accepted (202) instead of finished (201). */
const maxWaitMs = 30_000;

const errorSchema = z.object({ code: z.string(), message: z.string(), issues: z.array(z.unknown()) });
const runSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(optimizationKinds),
  status: z.enum(runStatuses),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
const runSchema = runSummarySchema.extend({
  input: z.unknown(),
  options: z.unknown(),
  result: z.unknown().optional().meta({ description: "The engine's result, once succeeded" }),
  error: errorSchema.optional().meta({ description: 'Why the run failed or was cancelled' }),
});
const acceptedSchema = z.object({ id: z.string(), status: z.enum(runStatuses) });

/**
 * Optimisation runs: submit (solved off the request thread), read, list, cancel, and follow as Server-Sent
 * Events. Another tenant's run answers 404 exactly like a missing one on every id route.
 */
export function registerOptimizationRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
  jobs: JobRunner,
): void {
  const findRun = async (tenantId: string, id: string) => {
    if (!isUuid(id)) throw notFound('optimization run');
    const run = await withTenant(db, tenantId, (trx) => readRun(trx, tenantId, id.toLowerCase()));
    if (run === undefined) throw notFound('optimization run');
    return run;
  };

  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/optimizations',
    summary:
      'Queue an optimisation run (202 with its id); with ?wait=true wait up to 30 s and answer 201 with the finished run',
    tag: 'optimizations',
    role: 'analyst',
    body: optimizationRequestSchema,
    query: z.object({ wait: z.enum(['true', 'false']).default('false') }),
    status: 202,
    response: z.union([acceptedSchema, runSchema]),
    handler: async ({ body, query, principal, reply }) => {
      const plan = planOptimization(body);
      const run = await jobs.submit(
        principal.tenantId,
        principal.subject,
        body.kind,
        { input: body.input, options: body.options },
        plan,
      );
      if (query.wait === 'true') {
        const finished = await jobs.waitFor(principal.tenantId, run.id, maxWaitMs);
        if (finished !== undefined) {
          reply.code(201);
          return finished;
        }
      }
      return { id: run.id, status: run.status };
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/optimizations/:id',
    summary: 'Read an optimisation run: its status, and its result or error once finished',
    tag: 'optimizations',
    role: 'viewer',
    params: idParams,
    status: 200,
    response: runSchema,
    handler: async ({ params, principal }) => findRun(principal.tenantId, params.id),
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/optimizations',
    summary: 'List optimisation runs, newest first',
    tag: 'optimizations',
    role: 'viewer',
    query: z.object({
      kind: z.enum(optimizationKinds).optional(),
      status: z.enum(runStatuses).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
    status: 200,
    response: z.object({ runs: z.array(runSummarySchema) }),
    handler: async ({ query, principal }) => {
      const runs = await withTenant(db, principal.tenantId, (trx) =>
        listRuns(trx, principal.tenantId, query),
      );
      return { runs };
    },
  });

  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/optimizations/:id/cancel',
    summary: 'Cancel a queued or running optimisation run (409 when it already finished otherwise)',
    tag: 'optimizations',
    role: 'analyst',
    params: idParams,
    status: 200,
    response: runSchema,
    handler: async ({ params, principal }) => {
      const { tenantId } = principal;
      const found = await findRun(tenantId, params.id);
      if (found.status === 'cancelled') return found;
      if (isFinal(found.status)) {
        throw new DyocenseError({ code: 'conflict', message: `The run already ${found.status}` });
      }
      const reason = 'Cancelled on request';
      // A run not live in this process was left unfinished by a process that stopped: record it as cancelled.
      const cancelled =
        (await jobs.cancel(tenantId, found.id, reason)) ??
        (await withTenant(db, tenantId, (trx) =>
          finishRun(trx, tenantId, found.id, { status: 'cancelled', message: reason }),
        ));
      if (cancelled === undefined) throw notFound('optimization run');
      if (cancelled.status !== 'cancelled') {
        throw new DyocenseError({
          code: 'conflict',
          message: `The run ${cancelled.status} before it could be cancelled`,
        });
      }
      await withTenant(db, tenantId, (trx) =>
        audit(trx, tenantId, {
          action: 'optimizations.cancel',
          subject: principal.subject,
          targetType: 'optimization_run',
          targetId: found.id,
        }),
      );
      return cancelled;
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/optimizations/:id/events',
    summary:
      'Follow a run as Server-Sent Events: `progress` events, then one `done`, `failed` or `cancelled` event with the run; then the stream ends',
    tag: 'optimizations',
    role: 'viewer',
    params: idParams,
    status: 200,
    responseType: 'text/event-stream',
    response: z.string().meta({
      description:
        'event: progress / data: { id, status, stage, elapsedSeconds, timeLimitSeconds, budgetUsed }; final event data: the run',
    }),
    handler: async ({ params, principal, reply }) => {
      const run = await findRun(principal.tenantId, params.id);
      reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no')
        // The socket closes with the stream: a keep-alive socket that turned idle after the server began closing
        // would otherwise hold `app.close()` open.
        .header('connection', 'close');
      const stream = createRunEventStream({ db, jobs, tenantId: principal.tenantId, run });
      // Stop following when the client goes away.
      reply.raw.once('close', () => stream.destroy());
      return stream;
    },
  });
}
