import { builtInKpiIds } from '@dyocense/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, ingest, type PointInput, startTestServer, type TestServer } from './harness.js';

interface KpiAnswer {
  kpi: string;
  grain: string;
  unit: string;
  points: { ts: string; value: number | null; reason: { code: string; message: string } | null }[];
}

const north = { store: 'north' };
const south = { store: 'south' };

// Revenue and orders of tenant A by day and store. Jan 2 has no orders (average order value divides by 0);
// Jan 4 has revenue but no orders point at all (missing input).
const points: PointInput[] = [
  { metric: 'revenue', ts: '2024-01-01', value: 100, dimensions: north },
  { metric: 'revenue', ts: '2024-01-01', value: 50, dimensions: south },
  { metric: 'orders', ts: '2024-01-01', value: 4, dimensions: north },
  { metric: 'orders', ts: '2024-01-01', value: 2, dimensions: south },
  { metric: 'revenue', ts: '2024-01-02', value: 90, dimensions: north },
  { metric: 'orders', ts: '2024-01-02', value: 0, dimensions: north },
  { metric: 'revenue', ts: '2024-01-03', value: 60, dimensions: north },
  { metric: 'orders', ts: '2024-01-03', value: 3, dimensions: north },
  { metric: 'revenue', ts: '2024-01-04', value: 30, dimensions: north },
  { metric: 'revenue', ts: '2024-02-10', value: 200, dimensions: north },
  { metric: 'orders', ts: '2024-02-10', value: 8, dimensions: north },
  // Stock on hand is a balance: a month keeps its last day's total over the stores.
  { metric: 'stock', ts: '2024-01-01', value: 40, dimensions: north },
  { metric: 'stock', ts: '2024-01-01', value: 10, dimensions: south },
  { metric: 'stock', ts: '2024-01-03', value: 30, dimensions: north },
  { metric: 'stock', ts: '2024-01-03', value: 6, dimensions: south },
  { metric: 'stock', ts: '2024-02-10', value: 16, dimensions: north },
];

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

describe.each(engines)('KPIs on %s', (_engine, createDatabase) => {
  let server: TestServer;

  const read = async (path: string, tenant?: string): Promise<{ status: number; body: KpiAnswer }> => {
    const answer = await server.call('GET', path, {
      token: server.token(tenant ?? server.tenantA, 'viewer'),
    });
    return { status: answer.status, body: answer.body as KpiAnswer };
  };
  const post = (body: unknown, role: 'viewer' | 'analyst' | 'admin' = 'analyst', tenant?: string) =>
    server.call('POST', '/v1/kpis', { token: server.token(tenant ?? server.tenantA, role), json: body });

  beforeAll(async () => {
    server = await startTestServer(createDatabase);
    await ingest(server, server.tenantA, points);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('evaluates a library KPI per day as the ratio of the day totals, null with a reason where it cannot', async () => {
    const daily = await read('/v1/kpis/average_order_value?grain=day&from=2024-01-01&to=2024-01-05');
    expect(daily.status).toBe(200);
    expect(daily.body).toMatchObject({
      kpi: 'average_order_value',
      grain: 'day',
      unit: 'currency/count:orders',
    });
    expect(daily.body.points.map(({ ts, value }) => [ts, value])).toEqual([
      ['2024-01-01T00:00:00.000Z', 150 / 6],
      ['2024-01-02T00:00:00.000Z', null],
      ['2024-01-03T00:00:00.000Z', 20],
      ['2024-01-04T00:00:00.000Z', null],
    ]);
    expect(daily.body.points[0]?.reason).toBeNull();
    expect(daily.body.points[1]?.reason).toMatchObject({ code: 'division_by_zero' });
    expect(daily.body.points[1]?.reason?.message).toMatch(/divisor "sum\(orders\)".* is 0/);
    expect(daily.body.points[3]?.reason).toMatchObject({ code: 'missing_input' });
    expect(daily.body.points[3]?.reason?.message).toMatch(/orders/);
  });

  it('evaluates per month on the month totals, not the mean of daily ratios', async () => {
    const monthly = await read('/v1/kpis/average_order_value?grain=month');
    // January: (150 + 90 + 60 + 30) / (6 + 0 + 3) = 330 / 9; February: 200 / 8.
    expect(monthly.body.points).toEqual([
      { ts: '2024-01-01T00:00:00.000Z', value: 330 / 9, reason: null },
      { ts: '2024-02-01T00:00:00.000Z', value: 25, reason: null },
    ]);
    const ranged = await read('/v1/kpis/revenue?grain=month&from=2024-02-01');
    expect(ranged.body.points).toEqual([{ ts: '2024-02-01T00:00:00.000Z', value: 200, reason: null }]);
    // Days between Jan 4 and Feb 10 hold no data: every metric is missing there, never a NaN.
    const everyDay = await read('/v1/kpis/average_order_value?grain=day');
    expect(everyDay.body.points).toHaveLength(41);
    expect(everyDay.body.points.filter((point) => point.value === null && point.reason === null)).toEqual([]);
  });

  it('lists the library and stores a tenant KPI validated by core', async () => {
    const created = await post(stockCover);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'stock_cover',
      source: 'tenant',
      formula: 'stock / orders',
      metrics: ['stock', 'orders'],
      definitionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const list = await server.call('GET', '/v1/kpis', { token: server.token(server.tenantA, 'viewer') });
    const kpis = (list.body as { kpis: { id: string; source: string }[] }).kpis;
    expect(kpis.map((kpi) => kpi.id)).toEqual([...builtInKpiIds, 'stock_cover']);
    expect(kpis.at(-1)?.source).toBe('tenant');
    expect(kpis[0]?.source).toBe('library');

    // January: the last day's stock over both stores (30 + 6) per January order (9); February: 16 / 8.
    const monthly = await read('/v1/kpis/stock_cover?grain=month');
    expect(monthly.body).toMatchObject({ kpi: 'stock_cover', unit: 'count:units/count:orders' });
    expect(monthly.body.points.map((point) => point.value)).toEqual([36 / 9, 2]);

    const audit = await server.call('GET', '/v1/audit-log', { token: server.token(server.tenantA, 'admin') });
    expect((audit.body as { entries: { action: string }[] }).entries.map((entry) => entry.action)).toContain(
      'kpis.create',
    );
  });

  it('refuses invalid definitions with 400 and the reason', async () => {
    const wrongUnit = await post({ ...stockCover, id: 'stock_cover_days', unit: 'days' });
    expect(wrongUnit.status).toBe(400);
    expect(wrongUnit.body).toMatchObject({
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/formula gives .* but the KPI declares days/),
        issues: [{ path: ['formula'] }],
      },
    });
    const syntax = await post({ ...stockCover, id: 'broken', formula: 'stock / (orders' });
    expect(syntax).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
    const undeclared = await post({ ...stockCover, id: 'undeclared', formula: 'stock / visits' });
    expect(undeclared.status).toBe(400);
    expect((undeclared.body as { error: { message: string } }).error.message).toMatch(/visits/);
    const badId = await post({ ...stockCover, id: 'Stock Cover' });
    expect(badId).toMatchObject({ status: 400, body: { error: { issues: [{ path: ['id'] }] } } });
    const badGrain = await read('/v1/kpis/revenue?grain=fortnight');
    expect(badGrain.status).toBe(400);
  });

  it('refuses a duplicate id or a built-in id with 409', async () => {
    expect(await post(stockCover)).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    const builtIn = await post({ ...stockCover, id: 'average_order_value' });
    expect(builtIn).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
  });

  it('lets viewers read but not define KPIs', async () => {
    const viewer = await post({ ...stockCover, id: 'by_viewer' }, 'viewer');
    expect(viewer).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await post({ ...stockCover, id: 'by_admin' }, 'admin')).status).toBe(201);
  });

  it("keeps a tenant's KPIs and data to itself", async () => {
    const other = server.tenantB;
    const stolen = await read('/v1/kpis/stock_cover?grain=month', other);
    const missing = await read('/v1/kpis/no_such_kpi?grain=month', other);
    expect(stolen.status).toBe(404);
    expect(stolen.body).toEqual(missing.body);
    const list = await server.call('GET', '/v1/kpis', { token: server.token(other, 'viewer') });
    expect((list.body as { kpis: { id: string }[] }).kpis.map((kpi) => kpi.id)).toEqual([...builtInKpiIds]);
    expect((await read('/v1/kpis/average_order_value?grain=month', other)).body.points).toEqual([]);
    // B may use the id A chose: keys are unique per tenant.
    expect((await post(stockCover, 'analyst', other)).status).toBe(201);
    expect((await read('/v1/kpis/stock_cover?grain=month', other)).body.points).toEqual([]);
  });

  it('lists the KPI routes with their parameters in the OpenAPI description', async () => {
    const spec = (await server.call('GET', '/v1/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters: { name: string; in: string }[] }>>;
    };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/kpis', '/v1/kpis/{kpi}']));
    expect(
      spec.paths['/v1/kpis/{kpi}']?.get?.parameters.map((parameter) => [parameter.name, parameter.in]),
    ).toEqual([
      ['kpi', 'path'],
      ['grain', 'query'],
      ['from', 'query'],
      ['to', 'query'],
    ]);
    expect(spec.paths['/v1/kpis']?.post).toHaveProperty('requestBody');
  });
});
