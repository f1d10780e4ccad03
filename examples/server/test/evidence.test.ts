import { randomUUID } from 'node:crypto';
import {
  buildCausalGraph,
  type CausalGraph,
  type ChangeExplanation,
  explainChange,
} from '@dyocense/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, engines, ingest, type PointInput, startTestServer, type TestServer } from './harness.js';

interface Finding<Result> {
  id: string;
  kind: string;
  metric: string;
  summary: string;
  request: unknown;
  result: Result;
  createdAt: string;
}

/** Deterministic noise in [0, 1) (mulberry32), so the planted data and the expected answers never drift. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

// Shop data planted for the explanation: visits jump by a third in the later four weeks, orders follow
// visits one day later (about 1 in 10), the average order value stays near 20. Revenue = orders x AOV.
const start = '2024-03-04';
const days = 56;
const noise = random(7);
const visits = Array.from({ length: days }, (_, day) => round2((day < 28 ? 900 : 1200) + 120 * noise()));
const orders = visits.map((_, day) => round2(0.1 * (visits[day - 1] ?? 900) + 8 * noise()));
const revenue = orders.map((count) => round2(count * (20 + 2 * (noise() - 0.5))));
const dates = visits.map((_, day) => addDays(start, day));
const from = { start: dates[0] as string, end: dates[27] as string };
const to = { start: dates[28] as string, end: dates[55] as string };

// Graph data: y follows x two days later, z is unrelated. 150 days from 2024-01-01.
const graphDays = 150;
const graphNoise = random(11);
const x = Array.from({ length: graphDays }, () => round2(100 + 30 * graphNoise()));
const y = x.map((_, day) => round2(0.9 * (x[day - 2] ?? 100) + 10 * graphNoise()));
const z = x.map(() => round2(50 + 20 * graphNoise()));
const graphDates = x.map((_, day) => addDays('2024-01-01', day));

function shopPoints(): PointInput[] {
  return dates.flatMap((ts, day) => [
    // Revenue arrives split over two tills: the server must add them up per day.
    { metric: 'revenue', ts, value: round2((revenue[day] as number) * 0.25), dimensions: { till: '1' } },
    {
      metric: 'revenue',
      ts,
      value: round2((revenue[day] as number) - round2((revenue[day] as number) * 0.25)),
      dimensions: { till: '2' },
    },
    { metric: 'orders', ts, value: orders[day] as number },
    { metric: 'visits', ts, value: visits[day] as number },
  ]);
}

/** Daily revenue as the server sees it: the sum of the two tills, in floating point like the database. */
const dailyRevenue = revenue.map((value) => round2(value * 0.25) + round2(value - round2(value * 0.25)));

const explainBody = {
  metric: 'revenue',
  from,
  to,
  drivers: ['visits'],
  formulas: { revenue: 'orders * average_order_value' },
};

describe.each(engines)('evidence on %s', (_engine, createDatabase) => {
  let server: TestServer;
  let explainId: string;
  let explanation: ChangeExplanation;

  const post = (
    path: string,
    body: unknown,
    role: 'viewer' | 'analyst' | 'admin' = 'analyst',
    tenant?: string,
  ) => server.call('POST', path, { token: server.token(tenant ?? server.tenantA, role), json: body });

  beforeAll(async () => {
    server = await startTestServer(createDatabase);
    await ingest(server, server.tenantA, [
      ...shopPoints(),
      ...graphDates.flatMap((ts, day) => [
        { metric: 'x', ts, value: x[day] as number },
        { metric: 'y', ts, value: y[day] as number },
        { metric: 'z', ts, value: z[day] as number },
      ]),
      // A series with a hole on its tenth day.
      ...graphDates
        .slice(0, 30)
        .flatMap((ts, day) => (day === 9 ? [] : [{ metric: 'gappy', ts, value: 1 + (day % 3) }])),
    ]);
    const created = await post('/v1/evidence/explain', explainBody);
    expect(created.status).toBe(201);
    explainId = (created.body as Finding<ChangeExplanation>).id;
    explanation = (created.body as Finding<ChangeExplanation>).result;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('explains the change on the stored metrics exactly as the engine does on the same series', () => {
    const direct = explainChange({
      // In the order the server assembles them (explained metric, drivers, formula metrics): the engine's
      // regressions follow series order, so another order changes the last bits of p-values.
      series: { revenue: dailyRevenue, visits, orders },
      dates,
      metric: 'revenue',
      from,
      to,
      formulas: explainBody.formulas,
    });
    expect(explanation).toEqual(JSON.parse(JSON.stringify(direct)));
  });

  it('measures the change and ranks the planted driver first', () => {
    const sum = (values: number[], first: number, last: number) =>
      values.slice(first, last).reduce((total, value) => total + value, 0);
    const before = sum(dailyRevenue, 0, 28);
    const after = sum(dailyRevenue, 28, 56);
    expect(explanation.from.value).toBeCloseTo(before, 6);
    expect(explanation.to.value).toBeCloseTo(after, 6);
    expect(explanation.change).toBeCloseTo(after - before, 6);
    expect(explanation.change).toBeGreaterThan(0);

    // Orders rose with the visits while the order value stayed put: orders carry the change.
    const [first] = explanation.drivers;
    expect(first).toMatchObject({ rank: 1, driver: 'orders', evidence: 'structural' });
    // LMDI for revenue = orders x AOV: orders' part is L(R1, R0) x ln(O1 / O0), L the logarithmic mean.
    expect(explanation.decomposition?.method).toBe('lmdi');
    const ordersBefore = sum(orders, 0, 28);
    const ordersAfter = sum(orders, 28, 56);
    const logMean = (after - before) / (Math.log(after) - Math.log(before));
    expect(first?.contribution).toBeCloseTo(logMean * Math.log(ordersAfter / ordersBefore), 6);
    const aov = explanation.drivers.find((driver) => driver.driver === 'average_order_value');
    expect(aov?.evidence).toBe('structural');
    // The order value is implied by the identity: revenue / orders in each period.
    expect(aov?.numbers.after).toBeCloseTo(after / ordersAfter, 9);
    expect(Math.abs(aov?.contribution as number)).toBeLessThan(Math.abs(first?.contribution as number) / 5);
    expect((first?.contribution as number) + (aov?.contribution as number)).toBeCloseTo(
      explanation.change,
      6,
    );
  });

  it('stores the finding and reads it back by id', async () => {
    const read = await server.call('GET', `/v1/evidence/${explainId}`, {
      token: server.token(server.tenantA, 'viewer'),
    });
    expect(read.status).toBe(200);
    const finding = read.body as Finding<ChangeExplanation>;
    expect(finding).toMatchObject({ id: explainId, kind: 'explain', metric: 'revenue' });
    expect(finding.summary).toBe(explanation.sentences[0]);
    expect(finding.summary).toMatch(
      /^revenue went from .* \(2024-03-04 to 2024-03-31\) to .* \(2024-04-01 to 2024-04-28\)/,
    );
    expect(finding.result).toEqual(explanation);
    expect(finding.request).toMatchObject({ ...explainBody, grain: 'day', maxLag: 7 });
    const list = await server.call('GET', '/v1/evidence?kind=explain', {
      token: server.token(server.tenantA, 'viewer'),
    });
    expect((list.body as { findings: { id: string }[] }).findings.map((item) => item.id)).toEqual([
      explainId,
    ]);
  });

  it('builds a causal graph over stored metrics and finds the planted lead', async () => {
    // The data are stationary: test levels, where x at t - 1 says nothing about y and the lead shows at lag 2.
    const request = { metrics: ['x', 'y', 'z'], from: '2024-01-01', maxLag: 4, transform: 'none' };
    const created = await post('/v1/evidence/graph', request);
    expect(created.status).toBe(201);
    const finding = created.body as Finding<CausalGraph>;
    expect(finding).toMatchObject({ kind: 'graph', metric: 'x,y,z' });
    const direct = buildCausalGraph({ series: { x, y, z }, dates: graphDates, maxLag: 4, transform: 'none' });
    expect(finding.result).toEqual(JSON.parse(JSON.stringify(direct)));
    expect(finding.result.edges).toEqual([
      expect.objectContaining({ source: 'x', target: 'y', lag: 2, evidence: 'precedes', sign: 1 }),
    ]);
    expect(finding.summary).toBe('1 edge among 3 metrics over 150 days: x → y (lag 2, precedes)');
    const read = await server.call('GET', `/v1/evidence/${finding.id}`, {
      token: server.token(server.tenantA, 'viewer'),
    });
    expect(read.body).toEqual(finding);
  });

  it('refuses invalid requests with 400 and missing or incomplete data with 422', async () => {
    const overlapping = await post('/v1/evidence/explain', { ...explainBody, to: from, from: to });
    expect(overlapping).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_input', issues: [{ path: ['to', 'start'] }] } },
    });
    const badPeriod = await post('/v1/evidence/explain', {
      ...explainBody,
      from: { start: '2024-03-10', end: '2024-03-01' },
    });
    expect(badPeriod).toMatchObject({
      status: 400,
      body: { error: { issues: [{ path: ['from', 'end'] }] } },
    });
    const badFormula = await post('/v1/evidence/explain', {
      ...explainBody,
      formulas: { revenue: 'orders * (' },
    });
    expect(badFormula).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_input', issues: [{ path: ['formulas', 'revenue'] }] } },
    });
    const oneMetric = await post('/v1/evidence/graph', { metrics: ['x'] });
    expect(oneMetric).toMatchObject({ status: 400, body: { error: { issues: [{ path: ['metrics'] }] } } });

    const unknown = await post('/v1/evidence/explain', { ...explainBody, drivers: ['weather'] });
    expect(unknown).toMatchObject({ status: 422, body: { error: { code: 'insufficient_data' } } });
    expect((unknown.body as { error: { message: string } }).error.message).toMatch(/"weather"/);
    const gap = await post('/v1/evidence/graph', { metrics: ['x', 'gappy'], to: '2024-01-31' });
    expect(gap).toMatchObject({ status: 422, body: { error: { code: 'insufficient_data' } } });
    // The hole is the tenth day; the grid runs from Jan 1 to the last day any metric has (Jan 30).
    expect((gap.body as { error: { message: string } }).error.message).toMatch(/"gappy" .* 2024-01-10/);
  });

  it('lets viewers read findings but not create them', async () => {
    expect(await post('/v1/evidence/explain', explainBody, 'viewer')).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
    expect((await post('/v1/evidence/graph', { metrics: ['x', 'y'] }, 'viewer')).status).toBe(403);
  });

  it("answers 404 for another tenant's finding and never reads its metrics", async () => {
    const intruder = server.token(server.tenantB, 'admin');
    const stolen = await server.call('GET', `/v1/evidence/${explainId}`, { token: intruder });
    const missing = await server.call('GET', `/v1/evidence/${randomUUID()}`, { token: intruder });
    const malformed = await server.call('GET', '/v1/evidence/1', { token: intruder });
    expect(stolen.status).toBe(404);
    expect(stolen.body).toEqual(missing.body);
    expect(malformed.body).toEqual(missing.body);
    expect((await server.call('GET', '/v1/evidence', { token: intruder })).body).toEqual({ findings: [] });
    const theirs = await post('/v1/evidence/graph', { metrics: ['x', 'y'] }, 'analyst', server.tenantB);
    expect(theirs).toMatchObject({ status: 422, body: { error: { code: 'insufficient_data' } } });
  });

  it('lists the evidence routes with their parameters in the OpenAPI description', async () => {
    const spec = (await server.call('GET', '/v1/openapi.json')).body as {
      paths: Record<
        string,
        Record<string, { parameters: { name: string; in: string }[]; requestBody?: unknown }>
      >;
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/v1/evidence',
        '/v1/evidence/explain',
        '/v1/evidence/graph',
        '/v1/evidence/{id}',
      ]),
    );
    expect(spec.paths['/v1/evidence/{id}']?.get?.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: expect.any(Object) },
    ]);
    expect(spec.paths['/v1/evidence/explain']?.post?.requestBody).toBeDefined();
    expect(spec.paths['/v1/evidence/graph']?.post?.requestBody).toBeDefined();
  });
});
