import { randomUUID } from 'node:crypto';
import { withTenant } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import {
  createPgliteTestDatabase,
  createPostgresTestDatabase,
  type TestDatabase,
} from '../../../packages/core/test/db/internal/engines.js';
import { buildServer, type Role, type ServerOptions, signToken } from '../src/index.js';

/** The JWT secret every test server verifies with. */
export const testSecret = 'test-secret-of-at-least-thirty-two-bytes!';

/** Both database engines, for `describe.each`: embedded PGlite and the real PostgreSQL test cluster. */
export const engines: [string, () => Promise<TestDatabase>][] = [
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', () => createPostgresTestDatabase()],
];

/** An HTTP answer, body parsed as JSON. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

/** A listening reference server on a fresh database with two tenants, A and B, and a token per role. */
export interface TestServer {
  readonly url: string;
  readonly database: TestDatabase;
  readonly tenantA: string;
  readonly tenantB: string;
  token(tenant: string, role: Role): string;
  /** `json` is sent as JSON; `raw` as-is with content type JSON (for bodies JSON.stringify cannot write). */
  call(
    method: string,
    path: string,
    options?: { token?: string; json?: unknown; raw?: string },
  ): Promise<Answer>;
  close(): Promise<void>;
}

/** Starts the server on loopback (port 0) over a new database made by `createDatabase`; `options` go to buildServer. */
export async function startTestServer(
  createDatabase: () => Promise<TestDatabase>,
  options: Partial<Omit<ServerOptions, 'db' | 'auth'>> = {},
): Promise<TestServer> {
  const database = await createDatabase();
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const tokens = new Map<string, string>();
  for (const tenant of [tenantA, tenantB]) {
    await withTenant(database.app.db, tenant, (trx) =>
      trx
        .insertInto('tenants')
        .values({ id: tenant, name: `tenant ${tenant}` })
        .execute(),
    );
    for (const role of ['viewer', 'analyst', 'admin'] as const) {
      tokens.set(
        `${tenant}/${role}`,
        await signToken({ secret: testSecret, tenantId: tenant, role, subject: `${role}@test` }),
      );
    }
  }
  let app: FastifyInstance;
  try {
    app = await buildServer({
      changes: database.app,
      ...options,
      db: database.app.db,
      auth: { secret: testSecret },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await database.close();
    throw error;
  }
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  const url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    database,
    tenantA,
    tenantB,
    token(tenant, role) {
      const found = tokens.get(`${tenant}/${role}`);
      if (found === undefined) throw new Error(`no token for ${tenant}/${role}`);
      return found;
    },
    async call(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.json !== undefined || options.raw !== undefined) {
        headers['content-type'] = 'application/json';
        body = options.raw ?? JSON.stringify(options.json);
      }
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text === '' ? undefined : JSON.parse(text),
        headers: response.headers,
      };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** One metric point as `POST /v1/metrics` takes it. */
export interface PointInput {
  readonly metric: string;
  readonly ts: string;
  readonly value: number;
  readonly dimensions?: Record<string, string>;
}

/** Ingests `points` for `tenant` as an analyst; fails the test on anything but 201. */
export async function ingest(
  server: TestServer,
  tenant: string,
  points: readonly PointInput[],
): Promise<void> {
  for (let start = 0; start < points.length; start += 50_000) {
    const answer = await server.call('POST', '/v1/metrics', {
      token: server.token(tenant, 'analyst'),
      json: { points: points.slice(start, start + 50_000) },
    });
    if (answer.status !== 201)
      throw new Error(`ingest failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

/** `YYYY-MM-DD` of the UTC day `days` after `start` (a `YYYY-MM-DD`). */
export function addDays(start: string, days: number): string {
  return new Date(Date.parse(start) + days * 86_400_000).toISOString().slice(0, 10);
}
