import { withTenant } from '@dyocense/core/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, ingest, startTestServer, type TestServer } from './harness.js';

interface Entry {
  id: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown>;
}

const stockCover = {
  id: 'stock_cover',
  name: 'Stock cover',
  description: 'Units on hand at the end of the period per order taken in it.',
  formula: 'stock / orders',
  unit: 'count:units/count:orders',
  direction: 'neutral',
  metrics: [
    {
      id: 'stock',
      name: 'Stock on hand',
      description: 'Units on hand, all stores.',
      unit: 'count:units',
      aggregation: 'last',
      direction: 'neutral',
    },
    {
      id: 'orders',
      name: 'Orders',
      description: 'Orders taken.',
      unit: 'count:orders',
      aggregation: 'sum',
      direction: 'higher_is_better',
    },
  ],
};

const goal = {
  title: 'Grow daily revenue from 100 to 200',
  metric: 'revenue',
  direction: 'increase',
  baseline: 100,
  target: 200,
  startDate: '2024-01-01',
  dueDate: '2024-01-10',
};

function errorText(error: unknown): string {
  let text = '';
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    text += ` ${current.message}`;
    current = current.cause;
  }
  return text;
}

describe.each(engines)('audit log (%s)', (engine, createDatabase) => {
  let server: TestServer;

  async function entriesOf(tenant: string): Promise<Entry[]> {
    const answer = await server.call('GET', '/v1/audit-log?limit=1000', {
      token: server.token(tenant, 'admin'),
    });
    expect(answer.status).toBe(200);
    return (answer.body as { entries: Entry[] }).entries;
  }

  beforeAll(async () => {
    server = await startTestServer(createDatabase);
    await ingest(server, server.tenantA, [
      { metric: 'revenue', ts: '2024-01-01', value: 120 },
      { metric: 'revenue', ts: '2024-01-02', value: 130 },
    ]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('records configuration changes and exports with their actor and target', async () => {
    const kpi = await server.call('POST', '/v1/kpis', {
      token: server.token(server.tenantA, 'analyst'),
      json: stockCover,
    });
    expect(kpi.status).toBe(201);
    const created = await server.call('POST', '/v1/goals', {
      token: server.token(server.tenantA, 'analyst'),
      json: goal,
    });
    expect(created.status).toBe(201);
    const goalId = (created.body as { id: string }).id;
    const archived = await server.call('POST', `/v1/goals/${goalId}/archive`, {
      token: server.token(server.tenantA, 'analyst'),
    });
    expect(archived.status).toBe(200);
    const exported = await fetch(`${server.url}/v1/metrics/revenue.csv?from=2024-01-01`, {
      headers: { authorization: `Bearer ${server.token(server.tenantA, 'viewer')}` },
    });
    expect(exported.status).toBe(200);
    await exported.text();

    const entries = await entriesOf(server.tenantA);
    const find = (action: string) => entries.find((entry) => entry.action === action);
    expect(find('kpis.create')).toMatchObject({
      targetType: 'kpi_definition',
      detail: { subject: 'analyst@test', kpi: 'stock_cover' },
    });
    expect(find('goals.create')).toMatchObject({
      targetType: 'goal',
      targetId: goalId,
      detail: { subject: 'analyst@test' },
    });
    expect(find('goals.archive')).toMatchObject({ targetId: goalId, detail: { subject: 'analyst@test' } });
    expect(find('metrics.export')).toMatchObject({
      targetType: 'metric',
      targetId: 'revenue',
      detail: { subject: 'viewer@test', format: 'csv', points: 2, from: '2024-01-01', to: null },
    });
  });

  it('writes no export entry when the export is refused', async () => {
    const before = (await entriesOf(server.tenantA)).filter(
      (entry) => entry.action === 'metrics.export',
    ).length;
    const refused = await server.call('GET', '/v1/metrics/revenue.csv?from=yesterday', {
      token: server.token(server.tenantA, 'viewer'),
    });
    expect(refused.status).toBe(400);
    const after = (await entriesOf(server.tenantA)).filter(
      (entry) => entry.action === 'metrics.export',
    ).length;
    expect(after).toBe(before);
  });

  it("never shows one tenant another tenant's entries", async () => {
    const ofA = await entriesOf(server.tenantA);
    expect(ofA.length).toBeGreaterThan(0);
    const ofB = await entriesOf(server.tenantB);
    const idsOfA = new Set(ofA.map((entry) => entry.id));
    expect(ofB.filter((entry) => idsOfA.has(entry.id))).toEqual([]);
    // Straight through the database too: under B's context, A's rows do not exist even when asked for by tenant.
    const seen = await withTenant(server.database.app.db, server.tenantB, (trx) =>
      trx
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('tenant_id', '=', server.tenantA)
        .executeTakeFirstOrThrow(),
    );
    expect(Number(seen.count)).toBe(0);
    // And only admins read it.
    for (const role of ['viewer', 'analyst'] as const) {
      const answer = await server.call('GET', '/v1/audit-log', { token: server.token(server.tenantA, role) });
      expect(answer.status).toBe(403);
    }
  });

  it.each([
    ['UPDATE', sql`update audit_log set action = 'forged'`],
    ['DELETE', sql`delete from audit_log`],
    ['TRUNCATE', sql`truncate audit_log`],
  ])('refuses %s from the app role', async (_statement, statement) => {
    const before = (await entriesOf(server.tenantA)).length;
    const failure = await withTenant(server.database.app.db, server.tenantA, (trx) =>
      statement.execute(trx),
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(errorText(failure)).toMatch(/permission denied|append-only/);
    expect((await entriesOf(server.tenantA)).length).toBe(before);
  });

  it.each([
    ['UPDATE', sql`update audit_log set action = 'forged'`],
    ['DELETE', sql`delete from audit_log`],
    ['TRUNCATE', sql`truncate audit_log`],
  ])('refuses %s from the table owner too (append-only trigger)', async (_statement, statement) => {
    const before = (await entriesOf(server.tenantA)).length;
    const failure = await server.database.owner
      .transaction()
      .execute(async (trx) => {
        // PGlite's session is the app role; step back to its owner (PostgreSQL: the owner login already).
        if (engine === 'PGlite') await sql`set local role none`.execute(trx);
        await sql`select set_config('app.tenant_id', ${server.tenantA}, true)`.execute(trx);
        await statement.execute(trx);
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(errorText(failure)).toMatch(/audit_log is append-only/);
    expect((await entriesOf(server.tenantA)).length).toBe(before);
  });
});
