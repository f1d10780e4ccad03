import { type Kysely, sql } from 'kysely';
import { readArchivedPoints } from './retention/read-archived.js';
import type { DyocenseSchema } from './schema.js';
import { tenantTables } from './tenant-tables.js';
import { withTenant } from './with-tenant.js';

/** Large tables read page by page in primary-key order (the key after `tenant_id`), so memory stays bounded. */
const pagedTables: Readonly<Record<string, readonly string[]>> = {
  metric_points: ['metric', 'series_key', 'ts'],
  metric_rollups_day: ['metric', 'bucket'],
  metric_rollups_week: ['metric', 'bucket'],
  metric_rollups_month: ['metric', 'bucket'],
};

const pageSize = 5_000;

/** What {@link exportTenantData} wrote: one JSON Lines file per table and its row count. */
export interface TenantExportManifest {
  readonly tenantId: string;
  readonly exportedAt: string;
  readonly format: 'jsonl';
  readonly files: readonly { readonly table: string; readonly file: string; readonly rows: number }[];
}

/**
 * Receives the export as it is read: successive chunks of one file, files one after another. Awaited before the
 * next page is read, so a slow consumer slows the reader instead of filling memory.
 */
export type TenantExportSink = (file: string, chunk: string) => Promise<void>;

function toJsonLine(row: Record<string, unknown>): string {
  return `${JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))}\n`;
}

/**
 * Reads every row of one tenant from every tenant table (GDPR Art. 15 and 20) in one repeatable-read
 * transaction under the tenant's row-level security, so all files show the same instant. Each table becomes
 * `<table>.jsonl` (one JSON object per row, timestamps in ISO 8601 UTC, bigints as strings); the large metric
 * tables are read in pages of 5,000 rows. Points archived by retention follow in `metric_points_archived.jsonl`
 * (read back from their Parquet files, one metric at a time).
 *
 * @returns the manifest (tables, files and row counts); write it next to the files.
 * @throws DyocenseError `invalid_input` when `tenantId` is not a UUID; rethrows what `sink` throws.
 */
export async function exportTenantData(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  sink: TenantExportSink,
): Promise<TenantExportManifest> {
  const exportedAt = new Date().toISOString();
  const files = await withTenant(
    db,
    tenantId,
    async (trx) => {
      const written: { table: string; file: string; rows: number }[] = [];
      for (const table of tenantTables) {
        const file = `${table}.jsonl`;
        const column = table === 'tenants' ? 'id' : 'tenant_id';
        const keys = pagedTables[table];
        let rows = 0;
        if (keys === undefined) {
          const result = await sql<Record<string, unknown>>`
            select * from ${sql.table(table)} where ${sql.ref(column)} = ${tenantId}::uuid`.execute(trx);
          rows = result.rows.length;
          await sink(file, result.rows.map(toJsonLine).join(''));
        } else {
          const order = sql.join(keys.map((key) => sql.ref(key)));
          let after: readonly unknown[] | undefined;
          for (;;) {
            const from =
              after === undefined
                ? sql``
                : sql`and (${order}) > (${sql.join([
                    ...after.slice(0, -1).map((value) => sql`${value}`),
                    sql`${after.at(-1)}::timestamptz`,
                  ])})`;
            // The time key travels back as text: a JS Date keeps milliseconds only, and a stored microsecond
            // would make the next page start before the last row.
            const page = await sql<Record<string, unknown>>`
              select *, ${sql.ref(keys.at(-1) as string)}::text as "__cursor" from ${sql.table(table)}
              where tenant_id = ${tenantId}::uuid ${from}
              order by ${order} limit ${pageSize}`.execute(trx);
            if (page.rows.length === 0) break;
            rows += page.rows.length;
            const last = page.rows.at(-1) as Record<string, unknown>;
            after = [...keys.slice(0, -1).map((key) => last[key]), last.__cursor];
            await sink(file, page.rows.map(({ __cursor, ...row }) => toJsonLine(row)).join(''));
            if (page.rows.length < pageSize) break;
          }
          if (rows === 0) await sink(file, '');
        }
        written.push({ table, file, rows });
      }
      // Points moved to Parquet by retention are the tenant's data too: one more file, read back metric by metric.
      const archived = await sql<{ metric: string }>`
        select distinct metric from archived_ranges where tenant_id = ${tenantId}::uuid order by metric`.execute(
        trx,
      );
      let archivedRows = 0;
      const archivedFile = 'metric_points_archived.jsonl';
      for (const { metric } of archived.rows) {
        const { points } = await readArchivedPoints(trx, tenantId, metric, {});
        archivedRows += points.length;
        const lines = points.map((point) =>
          toJsonLine({
            tenant_id: tenantId.toLowerCase(),
            metric,
            series_key: point.seriesKey,
            ts: new Date(Number(point.tsMicros / 1000n)).toISOString(),
            value: point.value,
            dimensions: JSON.parse(point.dimensions) as unknown,
          }),
        );
        await sink(archivedFile, lines.join(''));
      }
      if (archivedRows === 0) await sink(archivedFile, '');
      written.push({ table: 'metric_points (archived)', file: archivedFile, rows: archivedRows });
      return written;
    },
    { isolation: 'repeatable read' },
  );
  return { tenantId: tenantId.toLowerCase(), exportedAt, format: 'jsonl', files };
}
