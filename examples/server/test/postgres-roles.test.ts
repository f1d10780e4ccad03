import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPostgresDatabase, type DyocenseDatabase, migrationNames } from '@dyocense/core/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../../../packages/cli/src/cli-harness.test-support.js';
import { testDatabaseUrl } from '../../../packages/core/test/db/internal/engines.js';

const secret = 'postgres-roles-secret-of-at-least-32-bytes';
const repository = fileURLToPath(new URL('../../../', import.meta.url));
const cli = cliRunner(repository);

function urlOf(base: string, database: string, user?: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  if (user !== undefined) {
    url.username = user;
    url.password = 'api-password';
  }
  return url.href;
}

/** Runs `dyocense serve` as a child process, as an operator would, and resolves with its URL once it listens. */
function spawnServe(
  databaseUrl: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@dyocense/source',
      '--import',
      'tsx',
      'packages/cli/src/bin.ts',
      'serve',
      '--port',
      '0',
      '--database-url',
      databaseUrl,
    ],
    { cwd: repository, env: { ...process.env, DYOCENSE_JWT_SECRET: secret, DATABASE_URL: '' } },
  );
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /Dyocense reference server on (http:\/\/[\d.]+:\d+) \(postgres\)/.exec(stderr);
      if (match?.[1] !== undefined) resolve({ child, url: match[1], output: () => stderr });
    });
    child.stdout.resume();
    child.once('exit', (code) => reject(new Error(`dyocense serve exited with ${code}: ${stderr}`)));
  });
}

// The test cluster's role (scripts/postgres/start.sh) is a non-superuser with CREATEDB and CREATEROLE, like a
// managed database's owner: migrate and tenant create below run without superuser rights.
describe('operator flow on PostgreSQL: migrate as owner, serve as a login role in dyocense_app', () => {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
  const databaseName = `dyocense_roles_${suffix}`;
  const emptyName = `dyocense_empty_${suffix}`;
  const apiRole = `api_${suffix}`;
  const outsiderRole = `outsider_${suffix}`;
  let admin: DyocenseDatabase;
  let ownerUrl: string;
  let apiUrl: string;
  let owner: DyocenseDatabase;
  const previousSecret = process.env.DYOCENSE_JWT_SECRET;

  beforeAll(async () => {
    process.env.DYOCENSE_JWT_SECRET = secret;
    const clusterUrl = testDatabaseUrl();
    admin = createPostgresDatabase({ connectionString: clusterUrl, maxConnections: 1 });
    await sql.raw(`create database ${databaseName}`).execute(admin.db);
    await sql.raw(`create database ${emptyName}`).execute(admin.db);
    ownerUrl = urlOf(clusterUrl, databaseName);
    apiUrl = urlOf(clusterUrl, databaseName, apiRole);
    owner = createPostgresDatabase({ connectionString: ownerUrl, maxConnections: 1 });
  });

  afterAll(async () => {
    if (previousSecret === undefined) delete process.env.DYOCENSE_JWT_SECRET;
    else process.env.DYOCENSE_JWT_SECRET = previousSecret;
    await owner?.close();
    if (admin === undefined) return;
    for (const name of [databaseName, emptyName]) {
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
    }
    for (const role of [apiRole, outsiderRole])
      await sql.raw(`drop role if exists ${role}`).execute(admin.db);
    await admin.close();
  });

  it('migrate creates the schema and a NOLOGIN dyocense_app without ownership or BYPASSRLS, once', async () => {
    const first = await cli('migrate', '--database-url', ownerUrl);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ applied: [...migrationNames], appRole: 'dyocense_app' });
    const second = await cli('migrate', '--database-url', ownerUrl);
    expect(JSON.parse(second.stdout)).toEqual({ applied: [], appRole: 'dyocense_app' });

    const role = await sql<{ login: boolean; superuser: boolean; bypass: boolean; owned: number }>`
      select r.rolcanlogin as login, r.rolsuper as superuser, r.rolbypassrls as bypass,
        (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
      from pg_roles r where r.rolname = 'dyocense_app'`.execute(owner.db);
    expect(role.rows).toEqual([{ login: false, superuser: false, bypass: false, owned: 0 }]);
  });

  it('serve refuses an unmigrated database and tells the operator to run migrate with the owner URL', async () => {
    await sql
      .raw(`create role ${apiRole} login password 'api-password' in role dyocense_app`)
      .execute(owner.db);
    const empty = await cli(
      'serve',
      '--port',
      '0',
      '--database-url',
      urlOf(testDatabaseUrl(), emptyName, apiRole),
    );
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(
      /^error\[conflict\]: The database has no Dyocense schema version .*: run `dyocense migrate --database-url OWNER_URL` with the schema owner's URL/,
    );
  });

  it('serve refuses a schema behind this version, and migrate brings it back', async () => {
    await sql
      .raw(`comment on table kysely_migration is 'dyocense schema version 0000_test'`)
      .execute(owner.db);
    const behind = await cli('serve', '--port', '0', '--database-url', apiUrl);
    expect(behind.code).toBe(1);
    expect(behind.stderr).toContain(
      `error[conflict]: The database schema is at 0000_test but this server needs ${migrationNames.at(-1)}`,
    );
    expect(JSON.parse((await cli('migrate', '--database-url', ownerUrl)).stdout).applied).toEqual([]);
  });

  it('serve refuses a login role outside dyocense_app', async () => {
    await sql.raw(`create role ${outsiderRole} login password 'api-password'`).execute(owner.db);
    const outsider = await cli(
      'serve',
      '--port',
      '0',
      '--database-url',
      urlOf(ownerUrl, databaseName, outsiderRole),
    );
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toContain(
      `error[forbidden]: The login role ${outsiderRole} is not a member of dyocense_app`,
    );
  });

  it('serves ingest and reads over HTTP as the API role, for a tenant created by the CLI', {
    timeout: 180_000,
  }, async () => {
    const created = await cli('tenant', 'create', '--name', 'Harbour Cafe', '--database-url', ownerUrl);
    expect(created.code).toBe(0);
    const tenant = JSON.parse(created.stdout) as { id: string; name: string };
    expect(tenant.name).toBe('Harbour Cafe');
    const token = (await cli('token', '--tenant', tenant.id, '--role', 'analyst')).stdout.trim();
    const ghost = (await cli('token', '--tenant', randomUUID(), '--role', 'analyst')).stdout.trim();

    const server = await spawnServe(apiUrl);
    try {
      // No migration was attempted: the API role could not have applied one, and none was pending.
      expect(server.output()).not.toMatch(/error|Warning/);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const ingest = await fetch(`${server.url}/v1/metrics`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          points: [
            { metric: 'revenue', ts: '2024-01-01', value: 100.5, dimensions: { store: 'north' } },
            { metric: 'revenue', ts: '2024-01-01', value: 50, dimensions: { store: 'south' } },
            { metric: 'revenue', ts: '2024-02-10', value: 7 },
          ],
        }),
      });
      expect(ingest.status).toBe(201);
      expect(await ingest.json()).toMatchObject({ inserted: 3 });

      const read = await fetch(`${server.url}/v1/metrics/revenue?from=2024-01-01&to=2024-03-01&grain=day`, {
        headers,
      });
      expect(read.status).toBe(200);
      expect(await read.json()).toEqual({
        metric: 'revenue',
        grain: 'day',
        points: [
          { ts: '2024-01-01T00:00:00.000Z', value: 150.5 },
          { ts: '2024-02-10T00:00:00.000Z', value: 7 },
        ],
      });

      const unknown = await fetch(`${server.url}/v1/metrics`, {
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${ghost}` },
        body: JSON.stringify({ points: [{ metric: 'revenue', ts: '2024-01-01', value: 1 }] }),
      });
      expect(unknown.status).toBe(401);
      expect(await unknown.json()).toMatchObject({ error: { message: 'Invalid token: unknown tenant' } });

      const audit = await owner.db.transaction().execute(async (trx) => {
        await sql`select set_config('app.tenant_id', ${tenant.id}, true)`.execute(trx);
        return trx.selectFrom('audit_log').select('action').orderBy('id').execute();
      });
      expect(audit.map((row) => row.action)).toEqual(['tenants.create', 'metrics.ingest']);
    } finally {
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
