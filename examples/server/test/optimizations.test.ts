import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { withTenant } from '@dyocense/core/db';
import { checkSchedule, type StaffingProblem } from '@dyocense/optimizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/index.js';
import { JobRunner } from '../src/jobs/job-runner.js';
import { planOptimization } from '../src/jobs/optimization-request.js';
import { engines, startTestServer, type TestServer, testSecret } from './harness.js';
import { listen } from './support/http.js';

const longWeek = JSON.parse(
  readFileSync(new URL('./__fixtures__/shift-rich-50x150.json', import.meta.url), 'utf8'),
) as StaffingProblem;

// Two cooks, two back-to-back 8-hour Monday shifts. Ann (10/h) may work 8 hours, Bob (15/h) 40: the cheapest
// roster gives Ann one shift and Bob the other, 8·10 + 8·15 = 200 (Bob alone would cost 240).
const everyDay = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: 0, to: 24 }));
const twoCooks: StaffingProblem = {
  horizon: { days: 7 },
  skills: [{ id: 'cook' }],
  employees: [
    { id: 'ann', rate: 10, skills: ['cook'], contract: 'part-time', maxHours: 8, availability: everyDay },
    { id: 'bob', rate: 15, skills: ['cook'], contract: 'part-time', maxHours: 40, availability: everyDay },
  ],
  shifts: [
    { id: 'early', day: 0, start: 8, end: 16, hours: 8, skill: 'cook', minStaff: 1 },
    { id: 'late', day: 0, start: 16, end: 24, hours: 8, skill: 'cook', minStaff: 1 },
  ],
};

// Textbook EOQ: D = 1200 units/yr, S = $100/order, H = $6/unit/yr -> Q* = sqrt(2·1200·100/6) = 200, six orders a
// year, $600 ordering + $600 holding.
const eoqInput = { model: 'eoq', annualDemand: 1200, orderCost: 100, holdingCost: 6 };

interface Run {
  id: string;
  kind: string;
  status: string;
  createdAt: string;
  finishedAt: string | null;
  input?: unknown;
  result?: Record<string, unknown>;
  error?: { code: string; message: string; issues: { path: (string | number)[] }[] };
}

interface ServerSentEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads a `text/event-stream` answer to its end, parsing each event's JSON data. */
async function readEvents(response: Response): Promise<ServerSentEvent[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.+)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.+)$/m.exec(block)?.[1] ?? 'null';
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

describe.each(engines)('optimisation runs on %s', (_engine, createDatabase) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(createDatabase);
  });

  afterAll(async () => {
    await server?.close();
  });

  const analyst = (tenant = server.tenantA) => server.token(tenant, 'analyst');

  async function submit(body: unknown, query = ''): Promise<{ status: number; body: Run }> {
    const answer = await server.call('POST', `/v1/optimizations${query}`, { token: analyst(), json: body });
    return { status: answer.status, body: answer.body as Run };
  }

  async function read(id: string, tenant = server.tenantA): Promise<Run> {
    const answer = await server.call('GET', `/v1/optimizations/${id}`, {
      token: server.token(tenant, 'viewer'),
    });
    expect(answer.status).toBe(200);
    return answer.body as Run;
  }

  async function waitForStatus(
    id: string,
    wanted: (status: string) => boolean,
    timeoutMs = 30_000,
  ): Promise<Run> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await read(id);
      if (wanted(run.status)) return run;
      if (Date.now() > deadline) throw new Error(`run ${id} is still ${run.status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('solves a textbook EOQ run in a worker: 202 with the id, then Q* = 200 when read back', async () => {
    const accepted = await submit({ kind: 'inventory', input: eoqInput });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ id: expect.any(String), status: 'queued' });
    const run = await waitForStatus(accepted.body.id, (status) => status === 'succeeded');
    expect(run).toMatchObject({ kind: 'inventory', input: eoqInput, finishedAt: expect.any(String) });
    expect(run.result?.quantity).toBeCloseTo(200, 9);
    expect(run.result?.ordersPerYear).toBeCloseTo(6, 9);
    expect(run.result?.annualOrderingCost).toBeCloseTo(600, 9);
    expect(run.result?.annualHoldingCost).toBeCloseTo(600, 9);
    expect(run.error).toBeUndefined();
  });

  it('answers 201 with the finished run when asked to wait', async () => {
    const finished = await submit({ kind: 'inventory', input: eoqInput }, '?wait=true');
    expect(finished.status).toBe(201);
    expect(finished.body.status).toBe('succeeded');
    expect(finished.body.result?.quantity).toBeCloseTo(200, 9);
    expect(await read(finished.body.id)).toEqual(finished.body);
  });

  it('returns the cheapest feasible staffing roster (cost 200), which passes the rule checker', async () => {
    const { status, body } = await submit({ kind: 'staffing', input: twoCooks }, '?wait=true');
    expect(status).toBe(201);
    expect(body.status).toBe('succeeded');
    const result = body.result as {
      status: string;
      objective: number;
      assignments: { employeeId: string; shiftId: string }[];
    };
    expect(result.status).toBe('optimal');
    expect(result.objective).toBeCloseTo(200, 6);
    expect(result.assignments).toHaveLength(2);
    expect(new Set(result.assignments.map((assignment) => assignment.employeeId))).toEqual(
      new Set(['ann', 'bob']),
    );
    expect(checkSchedule(twoCooks, result.assignments).valid).toBe(true);
  });

  it('streams progress and a final done event over SSE, then ends the stream', async () => {
    const accepted = await submit({ kind: 'staffing', input: longWeek, options: { timeLimit: 3 } });
    expect(accepted.status).toBe(202);
    const response = await fetch(`${server.url}/v1/optimizations/${accepted.body.id}/events`, {
      headers: { authorization: `Bearer ${server.token(server.tenantA, 'viewer')}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // text() resolves only once the server ends the stream.
    const events = await readEvents(response);
    const progress = events.filter((event) => event.event === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.some((event) => event.data.status === 'running')).toBe(true);
    for (const event of progress) {
      expect(event.data).toMatchObject({ id: accepted.body.id, timeLimitSeconds: 3 });
      expect(event.data.budgetUsed).toBeGreaterThanOrEqual(0);
      expect(event.data.budgetUsed).toBeLessThanOrEqual(1);
    }
    const last = events.at(-1);
    expect(last?.event).toBe('done');
    expect(events.filter((event) => event.event !== 'progress')).toHaveLength(1);
    expect(last?.data).toMatchObject({ id: accepted.body.id, status: 'succeeded' });
    const result = last?.data.result as {
      status: string;
      objective: number;
      assignments: { employeeId: string; shiftId: string }[];
    };
    expect(['feasible', 'optimal']).toContain(result.status);
    // No roster beats the proven bound of this week (fixture README).
    expect(result.objective).toBeGreaterThanOrEqual(20276.875);
    expect(checkSchedule(longWeek, result.assignments).valid).toBe(true);
    expect(await read(accepted.body.id)).toEqual(last?.data);
  }, 60_000);

  it('keeps the event loop free during a long run, and cancels it mid-search', async () => {
    const accepted = await submit({
      kind: 'staffing',
      input: longWeek,
      options: { timeLimit: 120, gapTolerance: 0 },
    });
    expect(accepted.status).toBe(202);
    const id = accepted.body.id;
    await waitForStatus(id, (status) => status === 'running');
    // Give the worker time to load the engine and enter the MIP search.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const latencies: number[] = [];
    for (let probe = 0; probe < 10; probe += 1) {
      const started = performance.now();
      const answer = await fetch(`${server.url}/healthz`);
      expect(answer.status).toBe(200);
      await answer.text();
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // A solve on the request thread would hold /healthz for the whole search (up to 120 s).
    expect(Math.max(...latencies)).toBeLessThan(500);
    expect((await read(id)).status).toBe('running');

    const started = performance.now();
    const cancelled = await server.call('POST', `/v1/optimizations/${id}/cancel`, { token: analyst() });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id, status: 'cancelled', error: { code: 'cancelled' } });
    const stored = await read(id);
    expect(stored).toMatchObject({ status: 'cancelled', finishedAt: expect.any(String) });
    expect(stored.result).toBeUndefined();

    const list = await server.call('GET', '/v1/optimizations?status=cancelled', {
      token: server.token(server.tenantA, 'viewer'),
    });
    expect((list.body as { runs: Run[] }).runs.map((run) => run.id)).toEqual([id]);
    // Cancelling again is idempotent; a finished run's event stream is just its final event.
    expect((await server.call('POST', `/v1/optimizations/${id}/cancel`, { token: analyst() })).status).toBe(
      200,
    );
    const response = await fetch(`${server.url}/v1/optimizations/${id}/events`, {
      headers: { authorization: `Bearer ${server.token(server.tenantA, 'viewer')}` },
    });
    expect((await readEvents(response)).map((event) => event.event)).toEqual(['cancelled']);
  }, 60_000);

  it('refuses to cancel a run that already succeeded (409)', async () => {
    const finished = await submit({ kind: 'inventory', input: eoqInput }, '?wait=true');
    const answer = await server.call('POST', `/v1/optimizations/${finished.body.id}/cancel`, {
      token: analyst(),
    });
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect((await read(finished.body.id)).status).toBe('succeeded');
  });

  it("answers 404 for another tenant's run on every id route, identical to a missing or malformed id", async () => {
    const finished = await submit({ kind: 'inventory', input: eoqInput }, '?wait=true');
    const id = finished.body.id;
    const other = server.token(server.tenantB, 'admin');
    for (const suffix of ['', '/events', '/cancel']) {
      const method = suffix === '/cancel' ? 'POST' : 'GET';
      const stolen = await server.call(method, `/v1/optimizations/${id}${suffix}`, { token: other });
      const missing = await server.call(method, `/v1/optimizations/${randomUUID()}${suffix}`, {
        token: other,
      });
      const malformed = await server.call(method, `/v1/optimizations/not-a-uuid${suffix}`, { token: other });
      expect(stolen.status).toBe(404);
      expect(stolen.body).toEqual(missing.body);
      expect(malformed.body).toEqual(missing.body);
      expect(stolen.body).toEqual({
        error: { code: 'not_found', message: 'No such optimization run', issues: [] },
      });
    }
    const list = await server.call('GET', '/v1/optimizations', { token: other });
    expect(list.body).toEqual({ runs: [] });
    // The owner still sees it, untouched by B's cancel attempt.
    expect((await read(id)).status).toBe('succeeded');
  });

  it('enforces roles and the bearer token, also on the event stream', async () => {
    const viewer = server.token(server.tenantA, 'viewer');
    const refused = await server.call('POST', '/v1/optimizations', {
      token: viewer,
      json: { kind: 'inventory', input: eoqInput },
    });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const finished = await submit({ kind: 'inventory', input: eoqInput }, '?wait=true');
    const cancel = await server.call('POST', `/v1/optimizations/${finished.body.id}/cancel`, {
      token: viewer,
    });
    expect(cancel.status).toBe(403);
    const anonymous = await fetch(`${server.url}/v1/optimizations/${finished.body.id}/events`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const forged = await fetch(`${server.url}/v1/optimizations/${finished.body.id}/events`, {
      headers: { authorization: `Bearer ${viewer.slice(0, -4)}AAAA` },
    });
    expect(forged.status).toBe(401);
  });

  it('documents the event stream as text/event-stream and the submission as 202 in the OpenAPI description', async () => {
    const answer = await server.call('GET', '/v1/openapi.json');
    const paths = (
      answer.body as {
        paths: Record<string, Record<string, { responses: Record<string, { content: object }> }>>;
      }
    ).paths;
    expect(Object.keys(paths['/v1/optimizations/{id}/events']?.get?.responses['200']?.content ?? {})).toEqual(
      ['text/event-stream'],
    );
    expect(paths['/v1/optimizations']?.post?.responses).toHaveProperty('202');
  });

  it("refuses bad input with 400 and the engine's own message, before anything is queued", async () => {
    const before = await server.call('GET', '/v1/optimizations?limit=500', { token: analyst() });
    const eoq = await submit({ kind: 'inventory', input: { ...eoqInput, annualDemand: -5 } });
    expect(eoq.status).toBe(400);
    expect(eoq.body).toMatchObject({
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/^Invalid economic order quantity input: annualDemand: /),
        issues: [expect.objectContaining({ path: ['annualDemand'] })],
      },
    });
    const staffing = await submit({
      kind: 'staffing',
      input: { ...twoCooks, shifts: [{ ...twoCooks.shifts[0], skill: 'baker' }] },
    });
    expect(staffing.status).toBe(400);
    expect((staffing.body as unknown as { error: { message: string } }).error.message).toMatch(
      /^Invalid staffing problem: shifts\.0\.skill: /,
    );
    const unknownKind = await submit({ kind: 'routing', input: {} });
    expect(unknownKind.status).toBe(400);
    const badOptions = await submit({ kind: 'inventory', input: eoqInput, options: { timeLimit: 100_000 } });
    expect(badOptions.status).toBe(400);
    expect((badOptions.body as unknown as { error: { message: string } }).error.message).toMatch(
      /^Invalid inventory options: timeLimit: /,
    );
    const after = await server.call('GET', '/v1/optimizations?limit=500', { token: analyst() });
    expect((after.body as { runs: Run[] }).runs).toHaveLength((before.body as { runs: Run[] }).runs.length);
  });

  it('records failed runs with the engine error, and audits creation and cancellation', async () => {
    // Channel minimums above the budget: the engine answers `infeasible`, and the run fails with its message.
    const failed = await submit(
      {
        kind: 'budget',
        input: {
          totalBudget: 100,
          channels: [
            { id: 'search', min: 80, response: { type: 'log', a: 200, b: 100 } },
            { id: 'social', min: 80, response: { type: 'log', a: 100, b: 100 } },
          ],
        },
      },
      '?wait=true',
    );
    expect(failed.status).toBe(201);
    expect(failed.body).toMatchObject({ status: 'failed', error: { code: 'infeasible' } });
    expect(failed.body.error?.message).toContain('$160.00');
    const log = await server.call('GET', '/v1/audit-log?limit=1000', {
      token: server.token(server.tenantA, 'admin'),
    });
    const entries = (log.body as { entries: { action: string; targetId: string | null }[] }).entries;
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'optimizations.create', targetId: failed.body.id }),
    );
    expect(entries.some((entry) => entry.action === 'optimizations.cancel')).toBe(true);
  });
});

describe.each(engines)('job runner limits on %s', (_engine, createDatabase) => {
  it('refuses a tenant more unfinished runs than its limit with 429, and still serves other tenants', async () => {
    const server = await startTestServer(createDatabase);
    const jobs = new JobRunner({ db: server.database.app.db, concurrency: 1, maxActivePerTenant: 1 });
    try {
      const request = {
        kind: 'staffing' as const,
        input: longWeek as Record<string, unknown>,
        options: { timeLimit: 60 },
      };
      const plan = planOptimization(request);
      const first = await jobs.submit(server.tenantA, 'analyst@test', 'staffing', request, plan);
      expect(first.status).toBe('queued');
      await expect(
        jobs.submit(server.tenantA, 'analyst@test', 'staffing', request, plan),
      ).rejects.toMatchObject({
        statusCode: 429,
      });
      // Tenant B waits behind A's run for the single worker, and is cancelled while queued.
      const other = await jobs.submit(server.tenantB, 'analyst@test', 'staffing', request, plan);
      expect(await jobs.cancel(server.tenantB, other.id, 'Cancelled on request')).toMatchObject({
        status: 'cancelled',
        finishedAt: expect.any(String),
      });
      // Ids are looked up per tenant: B cannot cancel A's run through the runner either.
      expect(await jobs.cancel(server.tenantB, first.id, 'Cancelled on request')).toBeUndefined();
    } finally {
      await jobs.close();
      await server.close();
    }
  }, 120_000);
});

describe.each(engines)('server shutdown with a run in progress on %s', (_engine, createDatabase) => {
  it('cancels the running job, records it as cancelled and ends its event stream', async () => {
    const server = await startTestServer(createDatabase);
    // A second server on the same database: closing it must not touch the first.
    const app = await buildServer({ db: server.database.app.db, auth: { secret: testSecret } });
    try {
      const url = await listen(app);
      const token = server.token(server.tenantA, 'analyst');
      const submitted = await fetch(`${url}/v1/optimizations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'staffing',
          input: longWeek,
          options: { timeLimit: 120, gapTolerance: 0 },
        }),
      });
      expect(submitted.status).toBe(202);
      const { id } = (await submitted.json()) as { id: string };
      const stream = await fetch(`${url}/v1/optimizations/${id}/events`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const events = readEvents(stream);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const started = performance.now();
      await app.close();
      expect(performance.now() - started).toBeLessThan(10_000);
      const received = await events;
      expect(received.at(-1)).toMatchObject({ event: 'cancelled', data: { id, status: 'cancelled' } });
      const row = await withTenant(server.database.app.db, server.tenantA, (trx) =>
        trx
          .selectFrom('optimization_runs')
          .select(['status', 'result', 'error', 'started_at', 'time_limit_seconds', 'finished_at'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow(),
      );
      expect(row).toMatchObject({
        status: 'cancelled',
        result: null,
        error: { code: 'cancelled', message: 'The server is shutting down' },
        time_limit_seconds: 120,
      });
      expect(row.started_at).toBeInstanceOf(Date);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at?.getTime()).toBeGreaterThanOrEqual(row.started_at?.getTime() ?? Infinity);
      // The other server reads it as cancelled.
      const read = await server.call('GET', `/v1/optimizations/${id}`, { token });
      expect(read.body).toMatchObject({ status: 'cancelled' });
    } finally {
      await app.close();
      await server.close();
    }
  }, 120_000);
});

describe.each(engines)('runs left unfinished by a stopped server on %s', (_engine, createDatabase) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(createDatabase);
  });

  afterAll(async () => {
    await server?.close();
  });

  /** Stores a run as a crashed server leaves it: `running` since `startedSecondsAgo`, with no live runner. */
  async function orphan(tenant: string, startedSecondsAgo: number, timeLimitSeconds: number | null) {
    return withTenant(server.database.app.db, tenant, (trx) =>
      trx
        .insertInto('optimization_runs')
        .values({
          tenant_id: tenant,
          kind: 'staffing',
          status: 'running',
          input: JSON.stringify({ input: {}, options: {} }),
          time_limit_seconds: timeLimitSeconds,
          created_at: new Date(Date.now() - (startedSecondsAgo + 5) * 1000),
          started_at: new Date(Date.now() - startedSecondsAgo * 1000),
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
  }

  const read = (id: string, tenant = server.tenantA) =>
    server.call('GET', `/v1/optimizations/${id}`, { token: server.token(tenant, 'viewer') });

  it('reports a running run past its time limit + grace as failed (interrupted), within the tenant only', async () => {
    // 10 s limit + 30 s grace + 30 s margin = 70 s: 71 s ago is interrupted, 65 s ago may still be solving.
    const stale = await orphan(server.tenantA, 71, 10);
    const recent = await orphan(server.tenantA, 65, 10);
    // Before migration 0003 no limit was stored: the longest allowed (600 s) applies.
    const legacy = await orphan(server.tenantA, 300, null);
    const ofB = await orphan(server.tenantB, 3_600, 10);

    const answer = await read(stale.id);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: stale.id,
      status: 'failed',
      finishedAt: expect.any(String),
      error: { code: 'interrupted', issues: [] },
    });
    expect((await read(recent.id)).body).toMatchObject({ status: 'running' });
    expect((await read(legacy.id)).body).toMatchObject({ status: 'running' });
    const failed = await server.call('GET', '/v1/optimizations?status=failed', {
      token: server.token(server.tenantA, 'viewer'),
    });
    expect((failed.body as { runs: { id: string }[] }).runs.map((run) => run.id)).toContain(stale.id);

    // A's reads never touch B's rows: B's orphan is still running in the table until B reads.
    const rowOfB = () =>
      withTenant(server.database.app.db, server.tenantB, (trx) =>
        trx
          .selectFrom('optimization_runs')
          .select('status')
          .where('id', '=', ofB.id)
          .executeTakeFirstOrThrow(),
      );
    expect(await rowOfB()).toEqual({ status: 'running' });
    const list = await server.call('GET', '/v1/optimizations?status=running', {
      token: server.token(server.tenantB, 'viewer'),
    });
    expect(list.status).toBe(200);
    expect((list.body as { runs: unknown[] }).runs).toEqual([]);
    expect(await rowOfB()).toEqual({ status: 'failed' });

    // Already failed: cancelling it is a conflict, not a second outcome.
    const cancel = await server.call('POST', `/v1/optimizations/${stale.id}/cancel`, {
      token: server.token(server.tenantA, 'analyst'),
    });
    expect(cancel.status).toBe(409);
  });
});
