import { randomUUID } from 'node:crypto';
import { withTenant } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresTestDatabase,
  type TestDatabase,
} from '../../../packages/core/test/db/internal/engines.js';
import { buildServer, signToken } from '../src/index.js';
import { call, listen } from './support/http.js';
import { streamUpload } from './support/stream-upload.js';
import { buildXlsx, buildXlsxBomb, understateSizes } from './support/xlsx-zip.js';

const secret = 'test-secret-of-at-least-thirty-two-bytes!';
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const mebibyte = 2 ** 20;

/** Runs `action` while sampling this process's resident memory every 10 ms; returns its result and the peak growth. */
async function withPeakRss<T>(action: () => Promise<T>): Promise<{ result: T; peakGrowth: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    const result = await action();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakGrowth: peak - before };
  } finally {
    clearInterval(timer);
  }
}

describe('hostile uploads through the API (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  const tenant = randomUUID();
  let analyst: string;
  let viewer: string;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    await withTenant(database.app.db, tenant, (trx) =>
      trx.insertInto('tenants').values({ id: tenant, name: 'hostile' }).execute(),
    );
    analyst = await signToken({ secret, tenantId: tenant, role: 'analyst' });
    viewer = await signToken({ secret, tenantId: tenant, role: 'viewer' });
    app = await buildServer({ db: database.app.db, auth: { secret }, rateLimit: 10_000 });
    base = await listen(app);
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  async function storedPoints(): Promise<number> {
    const result = await withTenant(database.app.db, tenant, (trx) =>
      sql<{ count: string }>`select count(*) as count from metric_points`.execute(trx),
    );
    return Number(result.rows[0]?.count);
  }

  describe('xlsx zip bomb', () => {
    let bomb: Buffer;

    beforeAll(async () => {
      // 300 MiB of sheet XML, above core's 256 MiB per-entry cap, in a file of about 1 MB.
      bomb = await buildXlsxBomb(300 * mebibyte);
      expect(bomb.length).toBeLessThan(2 * mebibyte);
    });

    it('accepts a genuine workbook built the same way (the bomb is refused for its size, not its form)', async () => {
      const workbook = await buildXlsx([
        ['ds', 'y'],
        ['2024-01-01', 1],
        ['2024-01-02', 2.5],
      ]);
      const answer = await call(base, 'POST', '/v1/metrics/upload?metric=workbook', {
        token: analyst,
        body: workbook,
        contentType: xlsxType,
      });
      expect(answer).toMatchObject({ status: 201, body: { inserted: 2, rows: 2, series: 1 } });
    });

    it('refuses a bomb whose header states its size without inflating it', async () => {
      const { result: answer, peakGrowth } = await withPeakRss(() =>
        call(base, 'POST', '/v1/metrics/upload', { token: analyst, body: bomb, contentType: xlsxType }),
      );
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        error: {
          code: 'invalid_input',
          message: expect.stringMatching(
            /^Rejected the Excel file: entry "xl\/worksheets\/sheet1\.xml" declares \d+ uncompressed bytes, above the 268435456-byte limit/,
          ),
          issues: [{ code: 'zip_limit' }],
        },
      });
      expect(peakGrowth).toBeLessThan(100 * mebibyte);
    });

    it('refuses a bomb that understates its size after inflating a few MiB, not 300', async () => {
      const lying = understateSizes(bomb, 1_000);
      const { result: answer, peakGrowth } = await withPeakRss(() =>
        call(base, 'POST', '/v1/metrics/upload', { token: analyst, body: lying, contentType: xlsxType }),
      );
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        error: {
          code: 'invalid_input',
          message:
            'Rejected the Excel file: entry "xl/worksheets/sheet1.xml" inflates more than 100 times its compressed size (limits.maxCompressionRatio), a zip bomb',
        },
      });
      // Inflating 256 MiB before the size cap took 6 s here (loaded 2-core machine); the ratio cap stops after
      // a few MiB (core's zip-guard test counts the bytes exactly).
      expect(answer.elapsedMs).toBeLessThan(5_000);
      expect(peakGrowth).toBeLessThan(100 * mebibyte);
    });
  });

  describe('200 MB CSV', () => {
    const total = 200 * 1000 * 1000;

    it('answers 413 from Content-Length before reading the body', async () => {
      const { result: answer, peakGrowth } = await withPeakRss(() =>
        streamUpload(`${base}/v1/metrics/upload`, { token: analyst, totalBytes: total, declareLength: true }),
      );
      expect(answer.status).toBe(413);
      expect(answer.body).toMatchObject({ error: { code: 'payload_too_large' } });
      // Only what fit in socket buffers before the answer arrived: nowhere near 200 MB, nor the 50 MiB limit.
      expect(answer.bytesWritten).toBeLessThan(50 * mebibyte);
      expect(peakGrowth).toBeLessThan(60 * mebibyte);
    });

    it('answers 413 to a chunked upload once 50 MiB have streamed in, without reading the rest', async () => {
      const before = await storedPoints();
      const { result: answer, peakGrowth } = await withPeakRss(() =>
        streamUpload(`${base}/v1/metrics/upload`, {
          token: analyst,
          totalBytes: total,
          declareLength: false,
        }),
      );
      expect(answer.status).toBe(413);
      expect(answer.body).toMatchObject({ error: { code: 'payload_too_large' } });
      expect(answer.bytesWritten).toBeGreaterThan(50 * mebibyte);
      expect(answer.bytesWritten).toBeLessThan(80 * mebibyte);
      // The server holds at most the 50 MiB it read (plus copies in flight), never 200 MB.
      expect(peakGrowth).toBeLessThan(150 * mebibyte);
      expect(await storedPoints()).toBe(before);
    });
  });

  it('refuses invalid UTF-8 with 400 naming the line and byte offset, and writes nothing', async () => {
    const head = Buffer.from('unique_id,ds,y\nnorth/sales,2024-01-01,1\nnorth/sales,2024-01-02,2\nCr');
    const body = Buffer.concat([head, Buffer.from([0xe8]), Buffer.from('me/sales,2024-01-03,3\n')]);
    const answer = await call(base, 'POST', '/v1/metrics/upload', { token: analyst, body });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: {
        code: 'invalid_input',
        message: `The file is not valid utf-8 at line 4: invalid byte sequence starting with 0xE8 at byte offset ${head.length}; pass the encoding option, e.g. encoding: 'windows-1252'`,
        issues: [
          {
            path: [],
            message: `invalid byte sequence starting with 0xE8 at byte offset ${head.length}`,
            code: 'invalid_encoding',
            line: 4,
          },
        ],
      },
    });
    const read = await call(base, 'GET', '/v1/metrics/sales?grain=day', { token: viewer });
    expect(read.body).toMatchObject({ points: [] });
  });

  describe('formula injection', () => {
    const payloads = ["=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(A1:A9)', '\t=1', '\r=1'];

    it.each(payloads)('refuses the metric name %j in JSON ingest', async (name) => {
      const answer = await call(base, 'POST', '/v1/metrics', {
        token: analyst,
        json: { points: [{ metric: name, ts: '2024-01-01', value: 1 }] },
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        error: {
          code: 'invalid_input',
          issues: [
            {
              path: ['points', 0, 'metric'],
              message:
                'must not start with =, +, -, @, a tab or a carriage return (a spreadsheet would run it as a formula)',
            },
          ],
        },
      });
    });

    it('refuses a formula-like metric named by an uploaded file, and as the metric query parameter', async () => {
      const before = await storedPoints();
      const upload = await call(base, 'POST', '/v1/metrics/upload', {
        token: analyst,
        body: "unique_id,ds,y\nnorth/=cmd|'-C calc'!A0,2024-01-01,1\n",
      });
      expect(upload.status).toBe(400);
      expect(upload.body).toMatchObject({
        error: {
          code: 'invalid_input',
          message:
            'The file names metric "=cmd|\'-C calc\'!A0", which must not start with =, +, -, @, a tab or a carriage return (a spreadsheet would run it as a formula); rename the series or pass ?metric=',
          issues: [{ code: 'formula_like_name' }],
        },
      });
      const query = await call(base, 'POST', `/v1/metrics/upload?metric=${encodeURIComponent('@evil')}`, {
        token: analyst,
        body: 'ds,y\n2024-01-01,1\n',
      });
      expect(query.status).toBe(400);
      expect(await storedPoints()).toBe(before);
    });

    it('stores formula-like dimension values verbatim (they are data); exports neutralise them', async () => {
      const upload = await call(base, 'POST', '/v1/metrics/upload?metric=visits', {
        token: analyst,
        body: 'unique_id,ds,y\n"=HYPERLINK(""http://evil.example"",""x"")",2024-01-01,5\n+north,2024-01-02,7\n',
      });
      expect(upload).toMatchObject({ status: 201, body: { inserted: 2 } });
      const stored = await withTenant(database.app.db, tenant, (trx) =>
        sql<{ value: string }>`
          select dimensions->>'series' as value from metric_points where metric = 'visits' order by 1`.execute(
          trx,
        ),
      );
      expect(stored.rows.map((row) => row.value)).toEqual([
        '+north',
        '=HYPERLINK("http://evil.example","x")',
      ]);
      const exported = await call(base, 'GET', '/v1/metrics/visits.csv', { token: viewer });
      expect(exported.text).toBe(
        `ts,value,series\r\n2024-01-01T00:00:00.000Z,5,"'=HYPERLINK(""http://evil.example"",""x"")"\r\n2024-01-02T00:00:00.000Z,7,'+north\r\n`,
      );
    });
  });
});
