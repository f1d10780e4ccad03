import { type Kysely, sql } from 'kysely';
import { isolateTable } from '../internal/isolation-sql.js';

const up = [
  // One policy per tenant: raw points older than `raw_days` (rounded down to whole months) go to Parquet files.
  // Rollups are never touched by retention; no row means raw points are kept forever.
  `create table retention_policies (
    tenant_id uuid primary key references tenants (id),
    raw_days integer not null constraint retention_policies_raw_days_check check (raw_days between 1 and 36500),
    updated_at timestamptz not null default now()
  )`,
  ...isolateTable('retention_policies', 'select, insert, update, delete'),

  // One Parquet file per tenant, metric and UTC month, recorded in the transaction that deletes its points, so a
  // month is either in metric_points or in exactly one verified file (plus points ingested after it was archived).
  `create table archived_ranges (
    tenant_id uuid not null references tenants (id),
    metric text not null,
    month date not null constraint archived_ranges_month_check check (extract(day from month) = 1),
    file_path text not null,
    rows integer not null constraint archived_ranges_rows_check check (rows > 0),
    first_ts timestamptz not null,
    last_ts timestamptz not null,
    checksum text not null,
    archived_at timestamptz not null default now(),
    primary key (tenant_id, metric, month)
  )`,
  ...isolateTable('archived_ranges', 'select, insert, update, delete'),
];

/** Per-tenant retention policy for raw metric points and the catalogue of archived (Parquet) months. */
export const retentionMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql.raw('drop table if exists archived_ranges').execute(db);
    await sql.raw('drop table if exists retention_policies').execute(db);
  },
};
