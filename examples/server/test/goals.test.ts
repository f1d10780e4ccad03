import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, engines, ingest, startTestServer, type TestServer } from './harness.js';

interface Goal {
  id: string;
  direction: string;
  grain: string;
  aggregation: string;
  state: string;
  progress: {
    asOf: string;
    current: { ts: string; value: number } | null;
    percent: number;
    expectedValue: number;
    expectedPercent: number;
    elapsedPercent: number;
    status: string;
    daysLeft: number;
  };
}

// Daily revenue of tenant A, summed over two stores on the first four days. Dec 31 lies before the goal and
// Jan 11 after its due date: neither may count.
const revenue: Record<string, number> = {
  '2023-12-31': 500,
  '2024-01-01': 110,
  '2024-01-02': 120,
  '2024-01-03': 125,
  '2024-01-04': 130,
  '2024-01-05': 170,
  '2024-01-06': 160,
  '2024-01-07': 150,
  '2024-01-08': 180,
  '2024-01-09': 190,
  '2024-01-10': 195,
  '2024-01-11': 999,
};

const dailyGoal = {
  title: 'Grow daily revenue from 100 to 200 by 10 January',
  metric: 'revenue',
  direction: 'increase',
  baseline: 100,
  target: 200,
  startDate: '2024-01-01',
  dueDate: '2024-01-10',
};

describe.each(engines)('goals on %s', (_engine, createDatabase) => {
  let server: TestServer;
  let goalId: string;

  const create = (body: unknown, role: 'viewer' | 'analyst' | 'admin' = 'analyst') =>
    server.call('POST', '/v1/goals', { token: server.token(server.tenantA, role), json: body });
  const progress = async (id: string, query: string): Promise<Goal> => {
    const answer = await server.call('GET', `/v1/goals/${id}?${query}`, {
      token: server.token(server.tenantA, 'viewer'),
    });
    expect(answer.status).toBe(200);
    return answer.body as Goal;
  };

  beforeAll(async () => {
    server = await startTestServer(createDatabase);
    await ingest(
      server,
      server.tenantA,
      Object.entries(revenue).flatMap(([ts, value]) =>
        ts <= '2024-01-04'
          ? [
              { metric: 'revenue', ts, value: value - 50, dimensions: { store: 'north' } },
              { metric: 'revenue', ts, value: 50, dimensions: { store: 'south' } },
            ]
          : [{ metric: 'revenue', ts, value }],
      ),
    );
    const created = await create(dailyGoal);
    expect(created.status).toBe(201);
    goalId = (created.body as Goal).id;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('stores a goal and reads it back', async () => {
    const read = await progress(goalId, 'asOf=2024-01-05');
    expect(read).toMatchObject({
      id: goalId,
      title: dailyGoal.title,
      metric: 'revenue',
      direction: 'increase',
      // Not given at creation: the defaults are stored.
      grain: 'day',
      aggregation: 'sum',
      baseline: 100,
      target: 200,
      startDate: '2024-01-01',
      dueDate: '2024-01-10',
      state: 'active',
    });
  });

  it('computes progress from the latest complete bucket, against a straight line to the target', async () => {
    // Jan 1-4 are complete on Jan 5: current 130 (80 + 50), 30% of the way from 100 to 200. The goal runs
    // 10 days (to the end of Jan 10); after 4 the line expects 100 + 100 * 4/10 = 140.
    expect((await progress(goalId, 'asOf=2024-01-05')).progress).toEqual({
      asOf: '2024-01-05T00:00:00.000Z',
      grain: 'day',
      aggregation: 'sum',
      current: { ts: '2024-01-04T00:00:00.000Z', value: 130 },
      percent: 30,
      expectedValue: 140,
      expectedPercent: 40,
      elapsedPercent: 40,
      status: 'behind',
      daysLeft: 6,
    });
    // Half way through Jan 5 its bucket is incomplete: still 130, while the line has moved on to 145.
    const midday = (await progress(goalId, 'asOf=2024-01-05T12:00:00Z')).progress;
    expect(midday).toMatchObject({
      current: { value: 130 },
      expectedValue: 145,
      status: 'behind',
      daysLeft: 6,
    });
    // On Jan 6 Jan 5 counts: 170 is 70% against 50% expected.
    expect((await progress(goalId, 'asOf=2024-01-06')).progress).toMatchObject({
      current: { ts: '2024-01-05T00:00:00.000Z', value: 170 },
      percent: 70,
      expectedValue: 150,
      expectedPercent: 50,
      status: 'on_track',
      daysLeft: 5,
    });
    // After the due date: the last day of the goal (195) decides, Jan 11's 999 does not count.
    expect((await progress(goalId, 'asOf=2024-02-01')).progress).toMatchObject({
      current: { ts: '2024-01-10T00:00:00.000Z', value: 195 },
      percent: 95,
      expectedValue: 200,
      expectedPercent: 100,
      elapsedPercent: 100,
      status: 'missed',
      daysLeft: 0,
    });
    // Before the first bucket completes there is nothing to judge.
    expect((await progress(goalId, 'asOf=2024-01-01T06:00:00Z')).progress).toMatchObject({
      current: null,
      percent: 0,
      status: 'no_data',
    });
  });

  it('reports an achieved goal', async () => {
    const created = await create({ ...dailyGoal, title: 'Reach 180 a day', target: 180 });
    const id = (created.body as Goal).id;
    // Jan 8 brings 180.
    expect((await progress(id, 'asOf=2024-01-09')).progress).toMatchObject({
      current: { value: 180 },
      percent: 100,
      status: 'achieved',
    });
  });

  it("measures at the goal's stored grain and aggregation, which a read may override", async () => {
    // Week of Jan 1 (a Monday) to Jan 7: 110 + 120 + 125 + 130 + 170 + 160 + 150 = 965. The goal runs 28 days;
    // on Jan 10, 9 have passed, so the line expects 700 + 700 * 9/28 = 925.
    const weekly = await create({
      ...dailyGoal,
      title: 'Double weekly revenue',
      baseline: 700,
      target: 1400,
      dueDate: '2024-01-28',
      grain: 'week',
    });
    expect(weekly.body).toMatchObject({ direction: 'increase', grain: 'week', aggregation: 'sum' });
    const read = await progress((weekly.body as Goal).id, 'asOf=2024-01-10');
    expect(read.grain).toBe('week');
    expect(read.progress.current).toEqual({ ts: '2024-01-01T00:00:00.000Z', value: 965 });
    expect(read.progress.percent).toBe(Math.round((265 / 700) * 10_000) / 100);
    expect(read.progress.expectedValue).toBeCloseTo(925, 9);
    expect(read.progress.expectedPercent).toBe(Math.round((9 / 28) * 10_000) / 100);
    expect(read.progress.status).toBe('on_track');
    // The same goal seen per day for one read: Jan 9 (190) is the latest complete day; the goal keeps its grain.
    const daily = await progress((weekly.body as Goal).id, 'asOf=2024-01-10&grain=day');
    expect(daily.progress).toMatchObject({
      grain: 'day',
      current: { ts: '2024-01-09T00:00:00.000Z', value: 190 },
    });
    expect(daily.grain).toBe('week');

    // A decrease goal on the average of the stores' readings.
    await ingest(server, server.tenantA, [
      { metric: 'stockouts', ts: '2024-01-01', value: 12, dimensions: { store: 'north' } },
      { metric: 'stockouts', ts: '2024-01-01', value: 8, dimensions: { store: 'south' } },
      { metric: 'stockouts', ts: '2024-01-02', value: 9, dimensions: { store: 'north' } },
      { metric: 'stockouts', ts: '2024-01-02', value: 7, dimensions: { store: 'south' } },
    ]);
    const fewer = await create({
      title: 'Cut stockouts to 5 a day',
      metric: 'stockouts',
      direction: 'at_most',
      baseline: 20,
      target: 5,
      startDate: '2024-01-01',
      dueDate: '2024-01-30',
      aggregation: 'avg',
    });
    expect(fewer.status).toBe(201);
    const decrease = await progress((fewer.body as Goal).id, 'asOf=2024-01-03');
    // Stored and answered as given (not normalised to `decrease`).
    expect(decrease).toMatchObject({ direction: 'at_most', grain: 'day', aggregation: 'avg' });
    // Summed instead for this read: 9 + 7 = 16.
    expect(
      (await progress((fewer.body as Goal).id, 'asOf=2024-01-03&aggregation=sum')).progress,
    ).toMatchObject({
      aggregation: 'sum',
      current: { value: 16 },
    });
    // avg(9, 7) = 8 is (20 - 8) / (20 - 5) = 80% of the way; the line expects 20 - 15 * 2/30 = 19.
    expect(decrease.progress).toMatchObject({
      current: { ts: '2024-01-02T00:00:00.000Z', value: 8 },
      percent: 80,
      expectedValue: 19,
      expectedPercent: 6.67,
      status: 'on_track',
    });
  });

  it('judges against today by default, ignoring today’s incomplete bucket', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const start = addDays(today, -10);
    await ingest(server, server.tenantA, [
      ...Array.from({ length: 10 }, (_, day) => ({
        metric: 'signups',
        ts: addDays(start, day),
        value: 10 + day,
      })),
      // Today's bucket is still filling up: were it counted, the goal would read as achieved.
      { metric: 'signups', ts: today, value: 1_000 },
    ]);
    const created = await create({
      title: 'Quadruple daily signups',
      metric: 'signups',
      direction: 'increase',
      baseline: 10,
      target: 40,
      startDate: start,
      dueDate: addDays(today, 19),
    });
    const before = Date.now();
    const read = await progress((created.body as Goal).id, '');
    const after = Date.now();
    // Yesterday's 19 is (19 - 10) / 30 = 30% of the way. 10 to 11 of the 30 days have passed today.
    expect(read.progress.current).toEqual({ ts: `${addDays(today, -1)}T00:00:00.000Z`, value: 19 });
    expect(read.progress.percent).toBe(30);
    const elapsed = (instant: number) => ((instant - Date.parse(start)) / (30 * 86_400_000)) * 100;
    expect(read.progress.elapsedPercent).toBeGreaterThanOrEqual(Math.floor(elapsed(before) * 100) / 100);
    expect(read.progress.elapsedPercent).toBeLessThanOrEqual(Math.ceil(elapsed(after) * 100) / 100);
    expect(read.progress.status).toBe('behind');
    expect(Date.parse(read.progress.asOf)).toBeGreaterThanOrEqual(before);
    expect(read.progress.daysLeft).toBe(20);
  });

  it('refuses invalid goals with 400 and the field at fault', async () => {
    const issuesOf = async (body: unknown, raw?: string) => {
      const answer = await server.call('POST', '/v1/goals', {
        token: server.token(server.tenantA, 'analyst'),
        ...(raw === undefined ? { json: body } : { raw }),
      });
      expect(answer.status).toBe(400);
      const { error } = answer.body as {
        error: { code: string; issues: { path: unknown[]; message: string }[] };
      };
      expect(error.code).toBe('invalid_input');
      return error.issues;
    };
    expect((await issuesOf({ ...dailyGoal, dueDate: '2023-12-01' })).map((issue) => issue.path)).toEqual([
      ['dueDate'],
    ]);
    expect(
      (await issuesOf({ ...dailyGoal, dueDate: dailyGoal.startDate })).map((issue) => issue.path),
    ).toEqual([['dueDate']]);
    const wrongWay = await issuesOf({ ...dailyGoal, target: 50 });
    expect(wrongWay).toEqual([
      expect.objectContaining({ path: ['target'], message: expect.stringMatching(/above/) }),
    ]);
    expect(
      (await issuesOf({ ...dailyGoal, direction: 'decrease' })).map((issue) => issue.message).join(' '),
    ).toMatch(/below the baseline/);
    expect((await issuesOf({ ...dailyGoal, target: 100 })).map((issue) => issue.path)).toEqual([['target']]);
    // 1e999 parses to Infinity: not a target.
    const infinite = JSON.stringify(dailyGoal).replace('"target":200', '"target":1e999');
    expect((await issuesOf(undefined, infinite)).map((issue) => issue.path)).toContainEqual(['target']);
    expect(
      (await issuesOf({ ...dailyGoal, direction: 'sideways', startDate: '1 Jan' })).map((i) => i.path),
    ).toEqual(expect.arrayContaining([['direction'], ['startDate']]));
    expect(
      (await issuesOf({ ...dailyGoal, grain: 'fortnight', aggregation: 'median' })).map(
        (issue) => issue.path,
      ),
    ).toEqual([['grain'], ['aggregation']]);
    const badQuery = await server.call('GET', `/v1/goals/${goalId}?grain=fortnight`, {
      token: server.token(server.tenantA, 'viewer'),
    });
    expect(badQuery).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
  });

  it('enforces roles: viewers read, analysts and admins write', async () => {
    expect(await create(dailyGoal, 'viewer')).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
    const archiveAsViewer = await server.call('POST', `/v1/goals/${goalId}/archive`, {
      token: server.token(server.tenantA, 'viewer'),
    });
    expect(archiveAsViewer.status).toBe(403);
    expect((await create({ ...dailyGoal, title: 'By an admin' }, 'admin')).status).toBe(201);
  });

  it('archives a goal once, lists by state and audits the writes', async () => {
    const created = await create({ ...dailyGoal, title: 'To be archived', metric: 'footfall' });
    const id = (created.body as Goal).id;
    const archived = await server.call('POST', `/v1/goals/${id}/archive`, {
      token: server.token(server.tenantA, 'admin'),
    });
    expect(archived).toMatchObject({ status: 200, body: { id, state: 'archived' } });
    const again = await server.call('POST', `/v1/goals/${id}/archive`, {
      token: server.token(server.tenantA, 'analyst'),
    });
    expect(again).toMatchObject({ status: 200, body: { id, state: 'archived' } });

    const list = async (query: string) =>
      (
        (await server.call('GET', `/v1/goals${query}`, { token: server.token(server.tenantA, 'viewer') }))
          .body as {
          goals: Goal[];
        }
      ).goals.map((goal) => goal.id);
    expect(await list('')).toContain(goalId);
    expect(await list('')).not.toContain(id);
    expect(await list('?state=archived')).toEqual([id]);
    expect(await list('?state=all')).toEqual(expect.arrayContaining([id, goalId]));
    expect(await list('?metric=footfall')).toEqual([]);
    expect(await list('?metric=footfall&state=all')).toEqual([id]);

    const audit = await server.call('GET', '/v1/audit-log', { token: server.token(server.tenantA, 'admin') });
    const entries = (audit.body as { entries: { action: string; targetId: string | null }[] }).entries;
    // One archive entry: the second call changed nothing.
    expect(entries.filter((entry) => entry.action === 'goals.archive')).toEqual([
      expect.objectContaining({ targetId: id }),
    ]);
    expect(
      entries.filter((entry) => entry.action === 'goals.create').map((entry) => entry.targetId),
    ).toContain(goalId);
  });

  it("answers 404 for another tenant's goal, identical to a missing or malformed id, and changes nothing", async () => {
    const intruder = server.token(server.tenantB, 'admin');
    const stolen = await server.call('GET', `/v1/goals/${goalId}`, { token: intruder });
    const missing = await server.call('GET', `/v1/goals/${randomUUID()}`, { token: intruder });
    const malformed = await server.call('GET', '/v1/goals/not-a-uuid', { token: intruder });
    expect(stolen.status).toBe(404);
    expect(stolen.body).toEqual(missing.body);
    expect(malformed.body).toEqual(missing.body);
    const archive = await server.call('POST', `/v1/goals/${goalId.toUpperCase()}/archive`, {
      token: intruder,
    });
    expect(archive.status).toBe(404);
    expect(archive.body).toEqual(missing.body);
    expect((await server.call('GET', '/v1/goals?state=all', { token: intruder })).body).toEqual({
      goals: [],
    });
    expect((await progress(goalId, 'asOf=2024-01-05')).state).toBe('active');
  });

  it('lists the goal routes with their parameters in the OpenAPI description', async () => {
    const spec = (await server.call('GET', '/v1/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters: { name: string; in: string }[] }>>;
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/goals', '/v1/goals/{id}', '/v1/goals/{id}/archive']),
    );
    expect(spec.paths['/v1/goals/{id}']?.get?.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'id', in: 'path' }),
        expect.objectContaining({ name: 'asOf', in: 'query' }),
        expect.objectContaining({ name: 'grain', in: 'query' }),
        expect.objectContaining({ name: 'aggregation', in: 'query' }),
      ]),
    );
    expect(spec.paths['/v1/goals/{id}/archive']?.post?.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path' }),
    );
    expect(spec.paths['/v1/goals']?.post).toHaveProperty('requestBody');
  });
});
