import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DyocenseError } from '@dyocense/core';
import { createPostgresDatabase, type DyocenseDatabase, openPgliteDatabase } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import { signToken } from './auth.js';
import { assertDatabaseReady } from './database-readiness.js';
import { demoTenantId, seedDemoTenant } from './demo.js';
import { startTracing } from './observability/tracing.js';
import { buildServer } from './server.js';

/** Options of {@link startServer}. */
export interface StartOptions {
  /** Default 3000; 0 picks a free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** A login role's URL in `dyocense_app` (migrated beforehand with `dyocense migrate`); omit for PGlite. */
  readonly databaseUrl?: string;
  /** PGlite data directory; default `./.dyocense/pglite`. */
  readonly dataDirectory?: string;
  /** HMAC key; without one (PGlite only) a random key is made and only this process's tokens verify. */
  readonly jwtSecret?: string;
  /** Seed the demo tenant; default: on PGlite only. */
  readonly demo?: boolean;
  /** JSON logs (pino); default true. */
  readonly logger?: boolean;
  /** Where to print the start banner; default stdout. */
  readonly print?: (line: string) => void;
  /** Bearer token `/metrics` requires; default `DYOCENSE_METRICS_TOKEN`, else none (open). */
  readonly metricsToken?: string;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** A running server and how to stop it. */
export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly database: DyocenseDatabase;
  /** Drains in-flight requests, then closes the database. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the reference server: opens PostgreSQL (`databaseUrl`, never migrated here: it checks the schema is at
 * the latest migration and the login role is in `dyocense_app`) or embedded PGlite (migrated on open), seeds
 * the demo tenant when asked, listens, and prints the URL plus demo viewer and admin tokens.
 *
 * @throws DyocenseError `invalid_input` without a JWT secret on PostgreSQL; `conflict` when another process
 *   holds the PGlite directory or the PostgreSQL schema is not at the latest migration (run `dyocense migrate`
 *   with the owner's URL); `forbidden` when the login role is not a member of `dyocense_app`.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  let secret = options.jwtSecret;
  if (secret === undefined || secret === '') {
    if (options.databaseUrl !== undefined) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: 'Set DYOCENSE_JWT_SECRET (32+ bytes) to serve a PostgreSQL database',
      });
    }
    secret = randomBytes(32).toString('base64url');
    print('DYOCENSE_JWT_SECRET is not set: using a random key, so only the tokens printed below are valid.');
  }
  const metricsToken = options.metricsToken ?? process.env.DYOCENSE_METRICS_TOKEN;
  // Started before the database opens, so its connections are traced from the first query (no-op when unset).
  const tracing = startTracing();
  let database: DyocenseDatabase;
  if (options.databaseUrl === undefined) {
    const directory = resolve(options.dataDirectory ?? '.dyocense/pglite');
    mkdirSync(directory, { recursive: true });
    database = await openPgliteDatabase({ dataDirectory: directory });
  } else {
    database = createPostgresDatabase({ connectionString: options.databaseUrl });
  }
  let app: FastifyInstance | undefined;
  try {
    if (database.engine === 'postgres') {
      const login = await assertDatabaseReady(database.db);
      if (login.superuser) {
        print(
          `Warning: serving as the superuser ${login.role}; give the API a login role in dyocense_app instead.`,
        );
      }
    }
    if (options.demo ?? database.engine === 'pglite') {
      const seeded = await seedDemoTenant(database.db);
      if (seeded.seeded) print(`Seeded the demo tenant with ${seeded.points} metric points.`);
    }
    app = await buildServer({
      db: database.db,
      auth: { secret },
      logger: options.logger ?? true,
      changes: database,
      // An operator's server must run its scheduled syncs: refuse to start without the job queue.
      syncJobs: { required: true },
      ...(metricsToken ? { metricsToken } : {}),
      ...(tracing === undefined ? {} : { tracing }),
    });
    await app.listen({ port: options.port ?? 3000, host: options.host ?? '127.0.0.1' });
  } catch (error) {
    await app?.close();
    await database.close();
    await tracing?.shutdown();
    throw error;
  }
  if (!metricsToken && !isLoopback(options.host ?? '127.0.0.1')) {
    print('Warning: /metrics is open to anyone who can reach this address; set DYOCENSE_METRICS_TOKEN.');
  }
  if (tracing !== undefined)
    print('Tracing: spans are exported over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT).');
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  print(
    `Dyocense reference server on ${url} (${database.engine}); API description at ${url}/v1/openapi.json`,
  );
  if (options.demo ?? database.engine === 'pglite') {
    for (const role of ['viewer', 'admin'] as const) {
      const token = await signToken({
        secret,
        tenantId: demoTenantId,
        role,
        subject: `demo-${role}`,
        ttl: '24h',
      });
      print(`Demo ${role} token: ${token}`);
    }
    print(`Try: curl -H "Authorization: Bearer <token>" ${url}/v1/metrics/revenue?grain=month`);
  }
  const running = app;
  let closing: Promise<void> | undefined;
  return {
    app: running,
    url,
    database,
    close() {
      closing ??= (async () => {
        try {
          await running.close();
        } finally {
          await database.close();
          await tracing?.shutdown();
        }
      })();
      return closing;
    },
  };
}
