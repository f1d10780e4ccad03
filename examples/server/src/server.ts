import { randomUUID } from 'node:crypto';
import type { DyocenseSchema } from '@dyocense/core/db';
import { type SecretKeyring, secretKeyringFromEnvironment } from '@dyocense/core/secrets';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { AuthenticationError, type AuthOptions, createVerifier, type Role } from './auth.js';
import {
  createConnectorCatalog,
  defaultConnectors,
  type ServerConnector,
} from './data-sources/connector-catalog.js';
import { registerDocsPage } from './docs-page.js';
import { assertRouteAllows, type EmbedAccess } from './embed-access.js';
import { lingerThenClose, toHttpError } from './http-error.js';
import { JobRunner } from './jobs/job-runner.js';
import { SyncJobs, type SyncJobsOptions } from './jobs/sync-jobs.js';
import { createTenantLookup } from './known-tenants.js';
import { withLogRedaction } from './log-redaction.js';
import { registerHttpMetrics } from './observability/http-metrics.js';
import { registerMetricsRoute } from './observability/metrics-route.js';
import { createQueryTimingPlugin } from './observability/query-timing-plugin.js';
import { createServerMetrics, type ServerMetrics } from './observability/server-metrics.js';
import type { Tracing } from './observability/tracing.js';
import {
  defaultReadCacheBytes,
  listenForTenantChanges,
  ReadCache,
  type TenantChangeSource,
} from './read-cache.js';
import { type RegisteredRoute, toOpenApi } from './route.js';
import { registerApiRoutes } from './routes/index.js';
import { registerSyncRoutes } from './routes/syncs.js';

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
  /**
   * Keys sealing data-source secrets (AES-256-GCM); default from `DYOCENSE_SECRET_KEYS` / `DYOCENSE_SECRET_KEY`.
   * Without keys, data sources with secret fields are refused.
   */
  readonly secretKeys?: SecretKeyring;
  /** Connectors data sources may use; default core's first-party ones ({@link defaultConnectors}). */
  readonly connectors?: readonly ServerConnector[];
  /**
   * Where every process's writes are heard (the {@link DyocenseDatabase} itself: `LISTEN` on PostgreSQL, the
   * session on PGlite). With it, metric and KPI reads are cached per tenant; without it there is no read cache,
   * since another process's writes could not be seen.
   */
  readonly changes?: TenantChangeSource;
  /** Memory bound of the read cache in bytes; default 64 MiB; 0 turns the cache off. */
  readonly readCacheBytes?: number;
  /** Prometheus metrics served at `/metrics`; default a fresh set ({@link createServerMetrics}); `false`: none. */
  readonly metrics?: ServerMetrics | false;
  /** Bearer token `/metrics` requires; default none (open, for a loopback listener). */
  readonly metricsToken?: string;
  /** OpenTelemetry tracing started for this process ({@link startTracing}); its Fastify plugin is registered. */
  readonly tracing?: Tracing;
  /**
   * Scheduled and requested connector syncs on pg-boss ({@link SyncJobs}). `required` (what `dyocense serve`
   * sets) refuses to start when the job queue is not installed; otherwise the server starts without jobs and
   * sync requests answer 503. `false`: no jobs at all.
   */
  readonly syncJobs?: SyncJobsSettings | false;
  /**
   * The server's public origin, from which the OAuth callback URL (`<publicUrl>/v1/oauth/callback`) registered
   * with Salesforce and Google is made; default `DYOCENSE_PUBLIC_URL`. The OAuth code exchange fetches through
   * `syncJobs.contextFor` when given (the operator's allowed hosts).
   */
  readonly publicUrl?: string;
}

/** Settings of the server's {@link SyncJobs}. */
export interface SyncJobsSettings {
  readonly required?: boolean;
  readonly pollingIntervalSeconds?: number;
  readonly retry?: SyncJobsOptions['retry'];
  readonly contextFor?: SyncJobsOptions['contextFor'];
  /** Where the daily retention job writes Parquet archives; default `DYOCENSE_ARCHIVE_DIR` or `.dyocense/archive`. */
  readonly archiveDirectory?: string;
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
export async function buildServer(serverOptions: ServerOptions): Promise<FastifyInstance> {
  const metrics =
    serverOptions.metrics === false ? undefined : (serverOptions.metrics ?? createServerMetrics());
  // Every query is timed, the server's own and its routes' (transactions inherit the plugin).
  const options =
    metrics === undefined
      ? serverOptions
      : { ...serverOptions, db: serverOptions.db.withPlugin(createQueryTimingPlugin(metrics.dbQueries)) };
  const verify = createVerifier(options.auth);
  const uploadLimit = options.uploadLimit ?? 50 * 1024 * 1024;
  const connectors = createConnectorCatalog(options.connectors ?? defaultConnectors());
  const keyring = options.secretKeys ?? secretKeyringFromEnvironment();
  const app = Fastify({
    // Secrets (tokens, keys, connector secret fields) are redacted from every log line.
    logger: withLogRedaction(options.logger, connectors.secretFieldNames),
    bodyLimit: options.bodyLimit ?? 5 * 1024 * 1024,
    requestIdHeader: 'x-request-id',
    // A caller's id is kept only when it looks like an id, so logs cannot be forged through the header.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
  });
  // Before every route and hook: route spans and per-route request metrics are attached as routes register.
  if (options.tracing !== undefined) await app.register(options.tracing.fastifyPlugin);
  if (metrics !== undefined) registerHttpMetrics(app, metrics);
  // Routes that run an engine on the request thread time it through this (see withEngineTiming).
  app.decorate('serverMetrics', metrics ?? null);

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
  app.decorate('forgetTenant', tenantExists.forget);
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
  if (metrics !== undefined) registerMetricsRoute(app, metrics, { token: options.metricsToken });
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
    ...(metrics === undefined ? {} : { metrics }),
  });
  app.addHook('preClose', async () => {
    await jobs.cancelAll('The server is shutting down');
  });
  app.addHook('onClose', async () => {
    await jobs.close();
  });
  const readCacheBytes = options.readCacheBytes ?? defaultReadCacheBytes;
  const readCache =
    options.changes !== undefined && readCacheBytes > 0 ? new ReadCache(readCacheBytes) : null;
  app.decorate('readCache', readCache);
  if (readCache !== null && options.changes !== undefined) {
    const stopListening = listenForTenantChanges(readCache, options.changes);
    app.addHook('onClose', stopListening);
    // This process's own writes drop the tenant's answers before the write is answered; the notification, which
    // also reaches the other processes, follows asynchronously on PostgreSQL.
    app.addHook('onSend', (request, _reply, payload, done) => {
      if (request.method !== 'GET' && request.method !== 'HEAD' && request.principal !== undefined)
        readCache.invalidateTenant(request.principal.tenantId);
      done(null, payload);
    });
  }
  registerApiRoutes(app, options.db, registry, jobs, {
    connectors,
    keyring,
    publicUrl: options.publicUrl,
    contextFor: options.syncJobs === false ? undefined : options.syncJobs?.contextFor,
  });
  if (options.syncJobs !== false) {
    const settings = options.syncJobs ?? {};
    const syncs = new SyncJobs({
      db: options.db,
      connectors,
      keyring,
      runner: jobs,
      logger: app.log,
      ...(settings.pollingIntervalSeconds === undefined
        ? {}
        : { pollingIntervalSeconds: settings.pollingIntervalSeconds }),
      ...(settings.retry === undefined ? {} : { retry: settings.retry }),
      ...(settings.contextFor === undefined ? {} : { contextFor: settings.contextFor }),
      ...(settings.archiveDirectory === undefined ? {} : { archiveDirectory: settings.archiveDirectory }),
      ...(metrics === undefined ? {} : { metrics }),
    });
    try {
      await syncs.start();
    } catch (error) {
      if (settings.required) throw error;
      app.log.warn({ err: error }, 'connector syncs are off: the job queue is not installed');
    }
    // Before the runner's workers close (onClose): a running forecast refresh still needs them.
    app.addHook('preClose', async () => {
      await syncs.stop();
    });
    registerSyncRoutes(app, options.db, registry, syncs);
  }
  const openApi = toOpenApi(registry, '0.1.0');
  app.get('/v1/openapi.json', async () => openApi);
  registerDocsPage(app, openApi);

  return app;
}
