import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ingestMetricPoints,
  insertMetricPoints,
  type MetricPointInput,
  metricAggregations,
  readMetricSeries,
  rollupGrains,
  withTenant,
} from '../../../src/db/index.js';
import { DyocenseError } from '../../../src/errors/index.js';
import type { TestDatabase } from './engines.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const hour = 3_600_000;

type SalesPoint = { metric: string; ts: Date; value: number; dimensions: Record<string, string> };
const start = Date.UTC(2024, 0, 25, 5);

/**
 * `sales` of tenant number `index`: two stores, one point every 7 hours from 2024-01-25 05:00 UTC over
 * 45 days (across week, month and quarter boundaries). Every value is `1000 * (index + 1)` plus a small
 * integer, so any value shows which tenant it came from, and integer sums are exact in float8.
 */
function salesOf(index: number): SalesPoint[] {
  return Array.from({ length: 2 * 155 }, (_, n) => ({
    metric: 'sales',
    ts: new Date(start + Math.floor(n / 2) * 7 * hour),
    value: 1000 * (index + 1) + ((n * 7) % 13),
    dimensions: { store: n % 2 === 0 ? 'north' : 'south' },
  }));
}

/** Which tenant number a per-point value came from (see {@link salesOf}). */
const tenantOfPoint = (value: number) => Math.floor(value / 1000) - 1;

type Row = { ts: Date; value: number };

/**
 * Rollup maintenance and `dyocense_read_metric` (through `readMetricSeries`), on the database the data-layer
 * suite opened. Four tenants hold `sales` with values that name their tenant.
 */
export function defineMetricReadSuite(getDatabase: () => TestDatabase): void {
  const tenants = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const [tenantA, tenantB] = tenants as [string, string];
  const db = () => getDatabase().app.db;

  /** The reference: the same read computed straight from `metric_points` in a withTenant transaction. */
  async function fromPoints(
    tenant: string,
    grain: string,
    aggregation: string,
    from?: string,
    to?: string,
  ): Promise<Row[]> {
    const aggregate = sql.raw(aggregation);
    const result = await withTenant(db(), tenant, (trx) =>
      sql<Row>`select date_trunc(${grain}, ts, 'UTC') as ts, ${aggregate}(value)::float8 as value
        from metric_points where metric = 'sales'
          and ts >= coalesce(${from ?? null}::timestamptz, '-infinity')
          and ts < coalesce(${to ?? null}::timestamptz, 'infinity')
        group by 1 order by 1`.execute(trx),
    );
    return result.rows;
  }

  /** Every rollup row of `tenant` next to the aggregate of its points, per grain. */
  async function rollupsAndPoints(tenant: string) {
    return withTenant(db(), tenant, async (trx) => {
      const pairs: { grain: string; rollups: unknown[]; points: unknown[] }[] = [];
      for (const grain of rollupGrains) {
        const rollups =
          await sql`select tenant_id, metric, bucket, point_count::int as count, value_sum as sum,
            value_min as min, value_max as max
          from ${sql.table(`metric_rollups_${grain}`)} order by metric, bucket`.execute(trx);
        const points = await sql`select tenant_id, metric, date_trunc(${grain}, ts, 'UTC') as bucket,
            count(*)::int as count, sum(value) as sum, min(value) as min, max(value) as max
          from metric_points group by 1, 2, 3 order by 2, 3`.execute(trx);
        pairs.push({ grain, rollups: rollups.rows, points: points.rows });
      }
      return pairs;
    });
  }

  beforeAll(async () => {
    for (const [index, tenant] of tenants.entries()) {
      await withTenant(db(), tenant, (trx) =>
        trx
          .insertInto('tenants')
          .values({ id: tenant, name: `Rollup tenant ${index}` })
          .execute(),
      );
      await ingestMetricPoints(db(), tenant, salesOf(index), { batchSize: 100 });
    }
  });

  describe('rollup maintenance', () => {
    it('keeps day, week and month rollups equal to the stored points through re-uploads and changes', async () => {
      const before = await rollupsAndPoints(tenantA);
      for (const { grain, rollups, points } of before) {
        expect(rollups.length, grain).toBeGreaterThan(0);
        expect(rollups, grain).toEqual(points);
      }
      const dayRows = (pairs: typeof before) => pairs.find((pair) => pair.grain === 'day')?.rollups.length;
      expect(dayRows(before)).toBe(46);

      expect(await ingestMetricPoints(db(), tenantA, salesOf(0))).toEqual({ inserted: 0, updated: 0 });
      // A new minimum and a new maximum in existing buckets, and a point of another metric in a new month.
      const [first, second] = salesOf(0) as [SalesPoint, SalesPoint];
      const changes: MetricPointInput[] = [
        { ...first, value: -50 },
        { ...second, value: 99_999 },
        { metric: 'refunds', ts: '2024-04-02T12:00:00Z', value: 12 },
      ];
      expect(await ingestMetricPoints(db(), tenantA, changes)).toEqual({ inserted: 1, updated: 2 });
      const after = await rollupsAndPoints(tenantA);
      for (const { grain, rollups, points } of after) expect(rollups, grain).toEqual(points);
      expect(dayRows(after)).toBe(47);
      // Back to the planted values for the reads below.
      expect(await ingestMetricPoints(db(), tenantA, salesOf(0))).toEqual({ inserted: 0, updated: 2 });
      for (const { grain, rollups, points } of await rollupsAndPoints(tenantA)) {
        expect(rollups, grain).toEqual(points);
      }
    });

    /** A new tenant row, for tests that write points the planted reads below must not see. */
    async function newTenant(name: string): Promise<string> {
      const tenant = randomUUID();
      await withTenant(db(), tenant, (trx) =>
        trx.insertInto('tenants').values({ id: tenant, name }).execute(),
      );
      return tenant;
    }

    const countPoints = (tenant: string) =>
      withTenant(db(), tenant, (trx) =>
        sql<{ count: number }>`select count(*)::int as count from metric_points`.execute(trx),
      ).then((result) => result.rows[0]?.count);

    // Batches of 40 look stored points up one by one; batches of 10,000 scan the stored range (few stored points).
    it.each([40, 10_000])(
      'keeps rollups exact through an upload mixing new, changed and unchanged points in batches of %i',
      async (batchSize) => {
        const tenant = await newTenant(`mixed upload ${batchSize}`);
        const planted = salesOf(5);
        expect(await ingestMetricPoints(db(), tenant, planted, { batchSize })).toEqual({
          inserted: planted.length,
          updated: 0,
        });
        // Every 10th value changes; a third store joins on existing days; a day after the range is new; and one
        // key appears twice (the last occurrence wins).
        const mixed: MetricPointInput[] = [
          ...planted.map((point, index) =>
            index % 10 === 0 ? { ...point, value: point.value + 0.25 } : point,
          ),
          ...planted
            .filter((_, index) => index % 2 === 0)
            .slice(0, 30)
            .map((point) => ({ ...point, dimensions: { store: 'east' }, value: 7 })),
          { metric: 'sales', ts: '2024-05-01T00:00:00Z', value: 1, dimensions: { store: 'north' } },
          { metric: 'sales', ts: '2024-05-01T00:00:00Z', value: 2, dimensions: { store: 'north' } },
        ];
        expect(await ingestMetricPoints(db(), tenant, mixed, { batchSize })).toEqual({
          inserted: 31,
          updated: 31,
        });
        expect(await countPoints(tenant)).toBe(planted.length + 31);
        for (const { grain, rollups, points } of await rollupsAndPoints(tenant))
          expect(rollups, grain).toEqual(points);
        const may = await withTenant(db(), tenant, (trx) =>
          trx
            .selectFrom('metric_points')
            .select('value')
            .where('ts', '=', new Date('2024-05-01T00:00:00Z'))
            .execute(),
        );
        expect(may).toEqual([{ value: 2 }]);
        // The same upload again writes nothing.
        expect(await ingestMetricPoints(db(), tenant, mixed, { batchSize })).toEqual({
          inserted: 0,
          updated: 0,
        });
        expect(await countPoints(tenant)).toBe(planted.length + 31);
      },
    );

    it('keeps rollups exact when uploads of one tenant overlap in time and buckets', async () => {
      const tenant = await newTenant('concurrent uploads');
      const stores = ['north', 'south', 'east', 'west'];
      const uploads = stores.map((store, index) =>
        salesOf(6).map((point) => ({ ...point, dimensions: { store }, value: point.value + index })),
      );
      const results = await Promise.all(uploads.map((points) => ingestMetricPoints(db(), tenant, points)));
      expect(results.map((result) => result.inserted)).toEqual(uploads.map((points) => points.length / 2));
      expect(await countPoints(tenant)).toBe((uploads.length * (uploads[0]?.length ?? 0)) / 2);
      for (const { grain, rollups, points } of await rollupsAndPoints(tenant))
        expect(rollups, grain).toEqual(points);
    });

    it('refuses points for a tenant with no tenant row and writes nothing', async () => {
      const ghost = randomUUID();
      const error = await rejection(
        ingestMetricPoints(db(), ghost, [{ metric: 'sales', ts: '2024-01-01', value: 1 }]),
      );
      expect(DyocenseError.isInstance(error) && error.code).toBe('invalid_input');
      expect((error as Error).message).toBe(`Metric ingest failed: tenant ${ghost} does not exist`);
      expect(await countPoints(ghost)).toBe(0);
    });

    it('refuses to write points of another tenant than the transaction is scoped to', async () => {
      const error = await rejection(
        withTenant(db(), tenantA, (trx) =>
          insertMetricPoints(trx, tenantB, [{ metric: 'sales', ts: '2024-01-01', value: 1 }]),
        ),
      );
      expect(DyocenseError.isInstance(error) && error.code).toBe('invalid_input');
      const ofB = await withTenant(db(), tenantB, (trx) =>
        trx
          .selectFrom('metric_points')
          .select('value')
          .where('ts', '=', new Date('2024-01-01T00:00:00Z'))
          .execute(),
      );
      expect(ofB).toEqual([]);
    });

    it('never lets a tenant read, stamp, change, delete or move the other tenant rollup rows', async () => {
      for (const grain of rollupGrains) {
        const table = `metric_rollups_${grain}` as const;
        const seen = await withTenant(db(), tenantA, async (trx) => ({
          all: await trx.selectFrom(table).select('tenant_id').execute(),
          ofB: await trx.selectFrom(table).select('tenant_id').where('tenant_id', '=', tenantB).execute(),
          updated: await trx
            .updateTable(table)
            .set({ value_sum: 0 })
            .where('tenant_id', '=', tenantB)
            .executeTakeFirst(),
          deleted: await trx.deleteFrom(table).where('tenant_id', '=', tenantB).executeTakeFirst(),
        }));
        expect(seen.all.length, grain).toBeGreaterThan(0);
        expect(seen.all.every((row) => row.tenant_id === tenantA)).toBe(true);
        expect(seen.ofB).toEqual([]);
        expect(seen.updated.numUpdatedRows).toBe(0n);
        expect(seen.deleted.numDeletedRows).toBe(0n);

        const stamp = (await rejection(
          withTenant(db(), tenantA, (trx) =>
            trx
              .insertInto(table)
              .values({
                tenant_id: tenantB,
                metric: 'planted',
                bucket: '2024-01-01T00:00:00Z',
                point_count: 1,
                value_sum: 1,
                value_min: 1,
                value_max: 1,
              })
              .execute(),
          ),
        )) as { code?: string };
        expect(stamp.code, grain).toBe('42501');
        const move = (await rejection(
          withTenant(db(), tenantA, (trx) => trx.updateTable(table).set({ tenant_id: tenantB }).execute()),
        )) as { code?: string };
        expect(move.code, grain).toBe('42501');
      }
      const ofB = await withTenant(db(), tenantB, (trx) =>
        trx
          .selectFrom('metric_rollups_day')
          .select((eb) => [eb.fn.countAll<string>().as('rows'), eb.fn.min('value_min').as('min')])
          .where('metric', '=', 'sales')
          .executeTakeFirstOrThrow(),
      );
      expect({ rows: Number(ofB.rows), min: ofB.min }).toEqual({ rows: 46, min: 2000 });
    });
  });

  describe('one-round-trip read', () => {
    const ranges: [string, string | undefined, string | undefined][] = [
      ['no bounds', undefined, undefined],
      ['day-aligned', '2024-01-26', '2024-03-01'],
      ['week-aligned', '2024-01-29', '2024-02-26'],
      ['month-aligned', '2024-02-01', '2024-03-01'],
      ['inside a bucket', '2024-01-26T06:00:00Z', '2024-02-20T13:00:00Z'],
    ];

    it('answers every grain, aggregation and range exactly as an aggregate of the points', async () => {
      for (const grain of ['hour', 'day', 'week', 'month', 'quarter', 'year'] as const) {
        for (const aggregation of metricAggregations) {
          for (const [label, from, to] of ranges) {
            const read = await readMetricSeries(db(), tenantA, {
              metric: 'sales',
              grain,
              aggregation,
              ...(from === undefined ? {} : { from }),
              ...(to === undefined ? {} : { to }),
            });
            const reference = await fromPoints(tenantA, grain, aggregation, from, to);
            expect(reference.length, `${grain} ${aggregation} ${label}`).toBeGreaterThan(0);
            expect(read, `${grain} ${aggregation} ${label}`).toEqual(reference);
          }
        }
      }
    });

    it('reads aligned ranges from the rollups and unaligned ones from the points', async () => {
      // Plant a wrong rollup for 2024-02-01: only a read that uses the day rollup can see it.
      const truth = await fromPoints(tenantB, 'day', 'sum', '2024-02-01', '2024-02-02');
      await withTenant(db(), tenantB, (trx) =>
        trx
          .updateTable('metric_rollups_day')
          .set({ value_sum: -1 })
          .where('metric', '=', 'sales')
          .where('bucket', '=', new Date('2024-02-01T00:00:00Z'))
          .execute(),
      );
      try {
        const aligned = await readMetricSeries(db(), tenantB, {
          metric: 'sales',
          grain: 'day',
          from: '2024-02-01',
          to: '2024-02-02',
        });
        const unaligned = await readMetricSeries(db(), tenantB, {
          metric: 'sales',
          grain: 'day',
          from: '2024-02-01T00:00:00.001Z',
          to: '2024-02-02',
        });
        expect(aligned).toEqual([{ ts: new Date('2024-02-01T00:00:00Z'), value: -1 }]);
        expect(unaligned).toEqual(truth);
      } finally {
        // Rewriting a point of that day (and back) recomputes its rollup from the points.
        const point = salesOf(1).find((one) => one.ts.toISOString().startsWith('2024-02-01')) as SalesPoint;
        await ingestMetricPoints(db(), tenantB, [{ ...point, value: point.value + 1 }]);
        await ingestMetricPoints(db(), tenantB, [point]);
      }
      expect(
        await readMetricSeries(db(), tenantB, {
          metric: 'sales',
          grain: 'day',
          from: '2024-02-01',
          to: '2024-02-02',
        }),
      ).toEqual(truth);
    });

    it('keeps only the latest `limit` buckets, oldest first', async () => {
      const all = await readMetricSeries(db(), tenantA, { metric: 'sales', grain: 'day' });
      const latest = await readMetricSeries(db(), tenantA, { metric: 'sales', grain: 'day', limit: 3 });
      expect(latest).toEqual(all.slice(-3));
    });

    it('shows each tenant only its own values, alternating tenants on one connection past plan caching', async () => {
      await db()
        .connection()
        .execute(async (connection) => {
          for (let call = 0; call < 12; call += 1) {
            const index = call % 2;
            const rows = await readMetricSeries(connection, tenants[index] as string, {
              metric: 'sales',
              grain: 'hour',
              aggregation: 'max',
            });
            expect(rows.length).toBe(155);
            expect(
              rows.every((row) => tenantOfPoint(row.value) === index),
              `call ${call}`,
            ).toBe(true);
          }
        });
      expect(await readMetricSeries(db(), randomUUID(), { metric: 'sales', grain: 'day' })).toEqual([]);
    });

    it('leaves no tenant or role behind on its connection after the statement', async () => {
      await db()
        .connection()
        .execute(async (connection) => {
          const who = () =>
            sql<{ role: string; tenant: string | null }>`select current_user as role,
              current_setting('app.tenant_id', true) as tenant`.execute(connection);
          const before = await who();
          const rows = await readMetricSeries(connection, tenantA, {
            metric: 'sales',
            grain: 'day',
          });
          expect(rows.length).toBeGreaterThan(0);
          const after = await who();
          expect(after.rows[0]?.role).toBe(before.rows[0]?.role);
          expect([null, '']).toContain(after.rows[0]?.tenant);
          const visible = await sql`select * from metric_rollups_day`.execute(connection);
          expect(visible.rows).toEqual([]);
        });
    });

    it('keeps every result with its caller across 200 concurrent reads of 4 tenants', async () => {
      const results = await Promise.all(
        Array.from({ length: 200 }, async (_, call) => {
          const index = call % tenants.length;
          const rows = await readMetricSeries(db(), tenants[index] as string, {
            metric: 'sales',
            grain: call % 3 === 0 ? 'hour' : 'day',
            aggregation: 'min',
          });
          return rows.length > 0 && rows.every((row) => tenantOfPoint(row.value) === index);
        }),
      );
      expect(results.filter((ok) => !ok)).toEqual([]);
    });

    it('treats hostile metric names as data and rejects bad input before any SQL', async () => {
      for (const metric of ["sales' or '1'='1", "x'); select * from metric_points; --", 'sales\\']) {
        expect(await readMetricSeries(db(), tenantA, { metric, grain: 'day' })).toEqual([]);
      }
      expect((await readMetricSeries(db(), tenantA, { metric: 'sales', grain: 'day' })).length).toBe(46);
      for (const [tenant, read] of [
        [`${tenantB}'; reset role; --`, { metric: 'sales', grain: 'day' }],
        [tenantA, { metric: 'sales', grain: "day'); --" }],
        [tenantA, { metric: 'sales', grain: 'day', aggregation: 'sum(value)); --' }],
        [tenantA, { metric: 'sales', grain: 'day', from: '2024-02-01', to: '2024-01-01' }],
        [tenantA, { metric: 'sales', grain: 'day', limit: 0 }],
      ] as const) {
        const error = await rejection(readMetricSeries(db(), tenant, read as never));
        expect(DyocenseError.isInstance(error) && error.code, JSON.stringify(read)).toBe('invalid_input');
      }
    });

    it('validates its arguments inside the database as well', async () => {
      for (const [grain, aggregation, limit, sqlState] of [
        ['fortnight', 'sum', 10, '22023'],
        ['day', 'median', 10, '22023'],
        ['day', 'sum', 0, '22023'],
      ] as const) {
        const error = (await rejection(
          sql`select * from dyocense_read_metric(${tenantA}::uuid, 'sales', ${grain}, null, null, ${aggregation},
            ${limit}::integer)`.execute(db()),
        )) as { code?: string };
        expect(error.code, grain + aggregation).toBe(sqlState);
      }
      const noTenant = (await rejection(
        sql`select * from dyocense_read_metric(null, 'sales', 'day', null, null, 'sum', 10)`.execute(db()),
      )) as { code?: string };
      expect(noTenant.code).toBe('22004');
    });
  });
}
