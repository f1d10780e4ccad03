import { randomUUID } from 'node:crypto';
import type { DyocenseSchema } from '@dyocense/core/db';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { AuthenticationError, type AuthOptions, createVerifier, type Role } from './auth.js';
import { registerDocsPage } from './docs-page.js';
import { assertRouteAllows, type EmbedAccess } from './embed-access.js';
import { lingerThenClose, toHttpError } from './http-error.js';
import { JobRunner } from './jobs/job-runner.js';
import { createTenantLookup } from './known-tenants.js';
import { type RegisteredRoute, toOpenApi } from './route.js';
import { registerApiRoutes } from './routes/index.js';

/** Options of {@link buildServer}. */
export interface ServerOptions {
  /** The app's database handle (a login role in `dyocense_app`, or PGlite). */
  readonly db: Kysely<DyocenseSchema>;
  readonly auth: AuthOptions;
  /** Fastify's logger setting: `false` (default) for none, `true` or pino options for JSON logs. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Largest JSON body in bytes; default 5 MiB. */
  readonly bodyLimit?: number;
  /** Largest uploaded file in bytes; default 50 MiB. */
  readonly uploadLimit?: number;
  /** Requests per minute per client address; default 600. */
  readonly rateLimit?: number;
  /** Optimisation runs solved at once in worker threads; default 2. */
  readonly jobConcurrency?: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Least role of a `/v1` route; absent on public routes. */
    role?: Role;
    /** Whether and how the route admits embed tokens. */
    embed?: EmbedAccess | undefined;
  }
}

/**
 * Builds the reference server (not yet listening): health probes, `/v1/openapi.json` and the tenant API.
 * Every `/v1` route except the OpenAPI document needs a bearer token; every database access runs in
 * `withTenant` with the token's `tenant_id`. Call `app.close()` to drain requests; the database stays open
 * (its owner closes it).
 *
 * @example
 * const app = await buildServer({ db, auth: { secret: process.env.DYOCENSE_JWT_SECRET ?? '' }, logger: true });
 * await app.listen({ port: 3000 });
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const verify = createVerifier(options.auth);
  const uploadLimit = options.uploadLimit ?? 50 * 1024 * 1024;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 5 * 1024 * 1024,
    requestIdHeader: 'x-request-id',
    // A caller's id is kept only when it looks like an id, so logs cannot be forged through the header.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(rateLimit, {
    max: options.rateLimit ?? 600,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `Rate limit exceeded: ${context.max} requests per ${context.after}`,
    }),
  });

  // Uploads arrive as raw bytes; core's ingestion detects CSV or Excel and the encoding itself.
  app.addContentTypeParser(
    [
      'text/csv',
      'text/plain',
      'application/octet-stream',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    { parseAs: 'buffer', bodyLimit: uploadLimit },
    (_request, body, done) => done(null, body),
  );

  app.setErrorHandler((error, request, reply) => {
    const { status, body, headers } = toHttpError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.error.code, status }, 'request rejected');
    if (status === 413) lingerThenClose(request, reply);
    return reply.code(status).headers(headers).send(body);
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: 'No such route', issues: [] } }),
  );

  // Authentication and role checks run before body parsing, so an anonymous caller cannot make us parse 50 MiB.
  // A signed token for a tenant with no row (deleted, or never created) would otherwise fail later, on a foreign key.
  const tenantExists = createTenantLookup(options.db);
  app.addHook('onRequest', async (request) => {
    const { role, embed } = request.routeOptions.config;
    if (role === undefined) return;
    const principal = await verify(request.headers.authorization);
    if (!(await tenantExists(principal.tenantId)))
      throw new AuthenticationError('Invalid token: unknown tenant');
    assertRouteAllows(principal, { role, embed }, request.params);
    request.principal = principal;
  });

  app.get('/healthz', { config: { rateLimit: false } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { rateLimit: false } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(options.db);
      return { status: 'ready' };
    } catch (error) {
      reply.code(503);
      request.log.warn({ err: error }, 'readiness check failed');
      return { status: 'unavailable' };
    }
  });

  const registry: RegisteredRoute[] = [];
  // Jobs run off the request thread. Closing cancels unfinished runs (recorded as cancelled) before the server
  // stops accepting, so their event streams end; the workers stop after in-flight requests (forecasts) drained.
  const jobs = new JobRunner({
    db: options.db,
    ...(options.jobConcurrency === undefined ? {} : { concurrency: options.jobConcurrency }),
    logger: app.log,
  });
  app.addHook('preClose', async () => {
    await jobs.cancelAll('The server is shutting down');
  });
  app.addHook('onClose', async () => {
    await jobs.close();
  });
  registerApiRoutes(app, options.db, registry, jobs);
  const openApi = toOpenApi(registry, '0.1.0');
  app.get('/v1/openapi.json', async () => openApi);
  registerDocsPage(app, openApi);

  return app;
}
