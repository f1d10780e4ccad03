import { randomUUID } from 'node:crypto';
import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import { strFromU8, unzipSync } from 'fflate';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, engines, ingest, startTestServer, type TestServer } from './harness.js';

/** Every table with a tenant column (partitions excluded: the app reaches them through their parent). */
async function tablesWithTenantColumn(db: Kysely<DyocenseSchema>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and (exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
        or c.relname = 'tenants')
    order by 1`.execute(db);
  return rows.map((row) => row.name);
}

/** Rows per table the tenant can see (row-level security scopes every count to it). */
async function rowCounts(db: Kysely<DyocenseSchema>, tenant: string): Promise<Record<string, number>> {
  const tables = await tablesWithTenantColumn(db);
  return withTenant(db, tenant, async (trx) => {
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const { rows } = await sql<{
        count: string;
      }>`select count(*) as count from ${sql.table(table)}`.execute(trx);
      counts[table] = Number(rows[0]?.count);
    }
    return counts;
  });
}

async function download(
  server: TestServer,
  token: string,
): Promise<{ status: number; type: string; bytes: Uint8Array }> {
  const response = await fetch(`${server.url}/v1/tenant/export`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe.each(engines)('GDPR export and erasure on %s', (_engine, createDatabase) => {
  let server: TestServer;
  let db: Kysely<DyocenseSchema>;
  const userA = randomUUID();
  const userB = randomUUID();

  beforeAll(async () => {
    server = await startTestServer(createDatabase);
    db = server.database.app.db;
    for (const [tenant, base] of [
      [server.tenantA, 100],
      [server.tenantB, 900],
    ] as const) {
      await ingest(
        server,
        tenant,
        Array.from({ length: 40 }, (_, day) => ({
          metric: 'revenue',
          ts: addDays('2024-01-01', day),
          value: base + day,
          dimensions: { store: day % 2 === 0 ? 'north' : '=HYPERLINK("x")' },
        })),
      );
    }
    for (const [tenant, user] of [
      [server.tenantA, userA],
      [server.tenantB, userB],
    ] as const) {
      await withTenant(db, tenant, async (trx) => {
        await trx
          .insertInto('users')
          .values({ tenant_id: tenant, id: user, email: `owner@${tenant}.test`, role: 'admin' })
          .execute();
        await trx
          .insertInto('api_keys')
          .values({
            tenant_id: tenant,
            user_id: user,
            name: 'ci',
            key_prefix: 'dk_1',
            key_hash: 'secret-hash',
            role: 'admin',
          })
          .execute();
        const session = await trx
          .insertInto('coach_sessions')
          .values({ tenant_id: tenant, user_id: user, title: 'Why did revenue drop?' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('coach_messages')
          .values({ tenant_id: tenant, session_id: session.id, role: 'user', content: 'Why?' })
          .execute();
        await trx
          .insertInto('llm_usage')
          .values({ tenant_id: tenant, session_id: session.id, tier: 'rules', model: 'rules' })
          .execute();
        await trx
          .insertInto('audit_log')
          .values({ tenant_id: tenant, actor_user_id: user, action: 'login' })
          .execute();
      });
    }
  });

  afterAll(async () => {
    await server?.close();
  });

  it('exports every row of the tenant, and only its rows, as a zip of JSON Lines with a manifest', async () => {
    const before = await rowCounts(db, server.tenantA);
    const answer = await download(server, server.token(server.tenantA, 'admin'));
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/zip');
    const files = unzipSync(answer.bytes);
    const manifest = JSON.parse(strFromU8(files['manifest.json'] as Uint8Array)) as {
      tenantId: string;
      files: { table: string; file: string; rows: number }[];
    };
    expect(manifest.tenantId).toBe(server.tenantA);
    // Every table with tenant data is in the export, with the rows the tenant had when the export began.
    const tables = manifest.files.filter((file) => file.table !== 'metric_points (archived)');
    expect(tables.map((file) => file.table).sort()).toEqual(Object.keys(before).sort());
    // Nothing was archived by retention here: the archived-points file is present and empty.
    expect(manifest.files.find((file) => file.table === 'metric_points (archived)')).toEqual({
      table: 'metric_points (archived)',
      file: 'metric_points_archived.jsonl',
      rows: 0,
    });
    for (const file of tables) {
      const rows = jsonLines(strFromU8(files[file.file] as Uint8Array));
      expect(rows, file.table).toHaveLength(file.rows);
      // The export's own audit entry is written before the data is read.
      expect(file.rows, file.table).toBe((before[file.table] ?? 0) + (file.table === 'audit_log' ? 1 : 0));
      for (const row of rows) expect(row[file.table === 'tenants' ? 'id' : 'tenant_id']).toBe(server.tenantA);
    }
    const points = jsonLines(strFromU8(files['metric_points.jsonl'] as Uint8Array));
    expect(points).toHaveLength(40);
    expect(points.map((point) => point.value).sort()).toEqual(
      Array.from({ length: 40 }, (_, day) => 100 + day),
    );
    expect(points.find((point) => point.ts === '2024-01-02T00:00:00.000Z')?.dimensions).toEqual({
      store: '=HYPERLINK("x")',
    });
    // The export itself is audited, before the data is read.
    const audit = jsonLines(strFromU8(files['audit_log.jsonl'] as Uint8Array)).map((row) => row.action);
    expect(audit).toEqual(expect.arrayContaining(['login', 'tenant.export']));
  });

  it('refuses the export to analysts and viewers', async () => {
    for (const role of ['viewer', 'analyst'] as const) {
      expect((await download(server, server.token(server.tenantA, role))).status).toBe(403);
    }
  });

  it("exports a user's data without key hashes, and answers 404 for another tenant's user", async () => {
    const answer = await server.call('GET', `/v1/users/${userA}/export`, {
      token: server.token(server.tenantA, 'admin'),
    });
    expect(answer.status).toBe(200);
    const body = answer.body as {
      user: { email: string };
      apiKeys: Record<string, unknown>[];
      coachSessions: unknown[];
      coachMessages: { content: string }[];
      llmUsage: unknown[];
      auditEntries: { action: string }[];
    };
    expect(body.user.email).toBe(`owner@${server.tenantA}.test`);
    expect(body.apiKeys).toHaveLength(1);
    expect(body.apiKeys[0]).not.toHaveProperty('key_hash');
    expect(JSON.stringify(body)).not.toContain('secret-hash');
    expect(body.coachMessages.map((message) => message.content)).toEqual(['Why?']);
    expect(body.llmUsage).toHaveLength(1);
    expect(body.auditEntries.map((entry) => entry.action)).toEqual(['login']);

    const foreign = await server.call('GET', `/v1/users/${userB}/export`, {
      token: server.token(server.tenantA, 'admin'),
    });
    const missing = await server.call('GET', `/v1/users/${randomUUID()}/export`, {
      token: server.token(server.tenantA, 'admin'),
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    const malformed = await server.call('GET', '/v1/users/not-a-uuid/export', {
      token: server.token(server.tenantA, 'admin'),
    });
    expect(malformed.status).toBe(400);
  });

  it('erases one user with their keys and coach sessions; audit entries stay', async () => {
    const foreign = await server.call('DELETE', `/v1/users/${userB}`, {
      token: server.token(server.tenantA, 'admin'),
    });
    expect(foreign.status).toBe(404);
    const before = await rowCounts(db, server.tenantA);
    const answer = await server.call('DELETE', `/v1/users/${userA}`, {
      token: server.token(server.tenantA, 'admin'),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      userId: userA,
      deleted: { users: 1, api_keys: 1, coach_sessions: 1, coach_messages: 1, llm_usage: 1 },
    });
    const after = await rowCounts(db, server.tenantA);
    expect(after).toEqual({
      ...before,
      users: before.users - 1,
      api_keys: before.api_keys - 1,
      coach_sessions: before.coach_sessions - 1,
      coach_messages: before.coach_messages - 1,
      llm_usage: before.llm_usage - 1,
      // The erasure is audited; the user's own entries stay.
      audit_log: before.audit_log + 1,
    });
    expect((await rowCounts(db, server.tenantB)).users).toBe(1);
    const again = await server.call('DELETE', `/v1/users/${userA}`, {
      token: server.token(server.tenantA, 'admin'),
    });
    expect(again.status).toBe(404);
  });

  it("cannot erase another tenant's row or its audit log (row-level security and the append-only trigger)", async () => {
    const beforeB = await rowCounts(db, server.tenantB);
    const result = await withTenant(db, server.tenantA, (trx) =>
      trx.deleteFrom('tenants').where('id', '=', server.tenantB).executeTakeFirst(),
    );
    expect(result.numDeletedRows).toBe(0n);
    // Even with the tenant row gone from view, the log's own rows stay append-only for a direct DELETE.
    await expect(
      server.database.owner.transaction().execute(async (trx) => {
        await sql`set local role none`.execute(trx);
        await sql`select set_config('app.tenant_id', ${server.tenantB}, true)`.execute(trx);
        await sql`delete from audit_log`.execute(trx);
      }),
    ).rejects.toThrow(/append-only/);
    expect(await rowCounts(db, server.tenantB)).toEqual(beforeB);
  });

  it('erases the whole tenant in one transaction, leaves the other tenant intact, and stops its tokens', async () => {
    const admin = server.token(server.tenantA, 'admin');
    const beforeA = await rowCounts(db, server.tenantA);
    const beforeB = await rowCounts(db, server.tenantB);
    expect(beforeA.metric_points).toBe(40);
    expect(beforeA.audit_log).toBeGreaterThan(0);

    expect((await server.call('DELETE', '/v1/tenant', { token: admin })).status).toBe(400);
    const wrong = await server.call('DELETE', `/v1/tenant?confirm=${server.tenantB}`, { token: admin });
    expect(wrong.status).toBe(400);
    expect(
      (
        await server.call('DELETE', `/v1/tenant?confirm=${server.tenantA}`, {
          token: server.token(server.tenantA, 'analyst'),
        })
      ).status,
    ).toBe(403);
    expect(await rowCounts(db, server.tenantA)).toEqual(beforeA);

    const answer = await server.call('DELETE', `/v1/tenant?confirm=${server.tenantA}`, { token: admin });
    expect(answer.status).toBe(200);
    const { deleted } = answer.body as { deleted: Record<string, number> };
    // The report counts exactly the rows that were there, table by table.
    expect(deleted).toEqual(beforeA);
    const afterA = await rowCounts(db, server.tenantA);
    expect(Object.values(afterA).every((count) => count === 0)).toBe(true);
    expect(await rowCounts(db, server.tenantB)).toEqual(beforeB);

    const read = await server.call('GET', '/v1/metrics/revenue?grain=day', { token: admin });
    expect(read.status).toBe(401);
    const readB = await server.call('GET', '/v1/metrics/revenue?grain=day&from=2024-01-01&to=2024-01-03', {
      token: server.token(server.tenantB, 'viewer'),
    });
    expect((readB.body as { points: { value: number }[] }).points.map((point) => point.value)).toEqual([
      900, 901,
    ]);
  });
});
