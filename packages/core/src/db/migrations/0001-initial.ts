import { type Kysely, sql } from 'kysely';
import { appRole } from '../app-role.js';
import { isolatePartition, isolateTable } from '../internal/isolation-sql.js';
import { rollupGrains } from '../tenant-tables.js';

const readWrite = 'select, insert, update, delete';

function rollupTable(grain: string): string[] {
  const table = `metric_rollups_${grain}`;
  return [
    `create table ${table} (
      tenant_id uuid not null references tenants (id),
      metric text not null,
      series_key text not null,
      bucket timestamptz not null,
      point_count bigint not null,
      value_sum double precision not null,
      value_min double precision not null,
      value_max double precision not null,
      refreshed_at timestamptz not null default now(),
      primary key (tenant_id, metric, series_key, bucket)
    )`,
    ...isolateTable(table, readWrite),
  ];
}

const statements: string[] = [
  // The group role is cluster-wide and may already exist (another database, or a concurrent migration).
  `do $$ begin
     if not exists (select from pg_roles where rolname = '${appRole}') then
       create role ${appRole} nologin nosuperuser nocreatedb nocreaterole nobypassrls;
     end if;
   exception when duplicate_object or unique_violation then null;
   end $$`,
  `revoke create on schema public from public`,
  `grant usage on schema public to ${appRole}`,

  `create table tenants (
    id uuid primary key default gen_random_uuid(),
    name text not null check (length(name) between 1 and 200),
    created_at timestamptz not null default now()
  )`,
  ...isolateTable('tenants', 'select, insert, update', 'id'),

  `create table users (
    tenant_id uuid not null references tenants (id),
    id uuid not null default gen_random_uuid(),
    email text not null,
    display_name text,
    role text not null check (role in ('admin', 'analyst', 'viewer')),
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, email)
  )`,
  ...isolateTable('users', readWrite),

  `create table api_keys (
    tenant_id uuid not null,
    id uuid not null default gen_random_uuid(),
    user_id uuid not null,
    name text not null,
    key_prefix text not null,
    key_hash text not null,
    role text not null check (role in ('admin', 'analyst', 'viewer')),
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, key_prefix),
    foreign key (tenant_id, user_id) references users (tenant_id, id)
  )`,
  ...isolateTable('api_keys', readWrite),

  `create table data_sources (
    tenant_id uuid not null references tenants (id),
    id uuid not null default gen_random_uuid(),
    connector_id text not null,
    name text not null,
    config jsonb not null default '{}',
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, name)
  )`,
  ...isolateTable('data_sources', readWrite),

  `create table sync_runs (
    tenant_id uuid not null,
    id uuid not null default gen_random_uuid(),
    data_source_id uuid not null,
    status text not null check (status in ('queued', 'running', 'succeeded', 'failed')),
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    rows_read bigint not null default 0,
    error text,
    primary key (tenant_id, id),
    foreign key (tenant_id, data_source_id) references data_sources (tenant_id, id)
  )`,
  ...isolateTable('sync_runs', readWrite),

  // Range-partitioned by month. The app role owns nothing and may not run DDL, so month partitions are created
  // ahead of time by the owner (ensureMonthlyPartitions); the default partition catches any month not yet
  // created, so an ingest never fails for lack of a partition.
  `create table metric_points (
    tenant_id uuid not null references tenants (id),
    metric text not null,
    series_key text not null,
    ts timestamptz not null,
    value double precision not null,
    dimensions jsonb not null default '{}',
    primary key (tenant_id, metric, series_key, ts)
  ) partition by range (ts)`,
  `create index metric_points_ts_brin on metric_points using brin (ts)`,
  `create table metric_points_default partition of metric_points default`,
  ...isolateTable('metric_points', readWrite),
  ...isolatePartition('metric_points_default'),

  ...rollupGrains.flatMap(rollupTable),

  `create table kpi_definitions (
    tenant_id uuid not null references tenants (id),
    id uuid not null default gen_random_uuid(),
    kpi_key text not null,
    name text not null,
    definition jsonb not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, kpi_key)
  )`,
  ...isolateTable('kpi_definitions', readWrite),

  `create table goals (
    tenant_id uuid not null references tenants (id),
    id uuid not null default gen_random_uuid(),
    kpi_definition_id uuid,
    metric text not null,
    title text not null,
    target_value double precision not null,
    baseline_value double precision,
    start_date date not null,
    due_date date not null check (due_date >= start_date),
    status text not null default 'active' check (status in ('active', 'achieved', 'missed', 'archived')),
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, kpi_definition_id) references kpi_definitions (tenant_id, id)
  )`,
  ...isolateTable('goals', readWrite),

  `create table forecasts (
    tenant_id uuid not null references tenants (id),
    id uuid not null default gen_random_uuid(),
    metric text not null,
    grain text not null,
    horizon integer not null check (horizon > 0),
    model text not null,
    request jsonb not null,
    result jsonb not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id)
  )`,
  ...isolateTable('forecasts', readWrite),

  `create table optimization_runs (
    tenant_id uuid not null references tenants (id),
    id uuid not null default gen_random_uuid(),
    kind text not null check (kind in ('inventory', 'staffing', 'assignment', 'budget')),
    status text not null check (status in ('queued', 'running', 'succeeded', 'failed')),
    input jsonb not null,
    result jsonb,
    created_at timestamptz not null default now(),
    finished_at timestamptz,
    primary key (tenant_id, id)
  )`,
  ...isolateTable('optimization_runs', readWrite),

  `create table evidence_findings (
    tenant_id uuid not null references tenants (id),
    id uuid not null default gen_random_uuid(),
    kind text not null,
    metric text not null,
    summary text not null,
    detail jsonb not null default '{}',
    created_at timestamptz not null default now(),
    primary key (tenant_id, id)
  )`,
  ...isolateTable('evidence_findings', readWrite),

  `create table coach_sessions (
    tenant_id uuid not null references tenants (id),
    id uuid not null default gen_random_uuid(),
    user_id uuid,
    title text,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, user_id) references users (tenant_id, id)
  )`,
  ...isolateTable('coach_sessions', readWrite),

  `create table coach_messages (
    tenant_id uuid not null,
    id uuid not null default gen_random_uuid(),
    session_id uuid not null,
    role text not null check (role in ('system', 'user', 'assistant', 'tool')),
    content text not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, session_id) references coach_sessions (tenant_id, id)
  )`,
  ...isolateTable('coach_messages', readWrite),

  `create table llm_usage (
    tenant_id uuid not null references tenants (id),
    id uuid not null default gen_random_uuid(),
    session_id uuid,
    tier text not null check (tier in ('rules', 'local', 'cloud')),
    model text not null,
    input_tokens integer not null default 0,
    output_tokens integer not null default 0,
    cost_usd numeric(14, 6) not null default 0,
    latency_ms integer not null default 0,
    cache_hit boolean not null default false,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, session_id) references coach_sessions (tenant_id, id)
  )`,
  ...isolateTable('llm_usage', readWrite),

  `create table audit_log (
    tenant_id uuid not null references tenants (id),
    id bigint generated always as identity,
    actor_user_id uuid,
    action text not null,
    target_type text,
    target_id text,
    detail jsonb not null default '{}',
    created_at timestamptz not null default now(),
    primary key (tenant_id, id)
  )`,
  // Append-only twice over: the app role has no UPDATE/DELETE privilege, and a statement trigger rejects
  // UPDATE, DELETE and TRUNCATE for everyone else (the owner included), whether or not any row matches.
  `create function audit_log_append_only() returns trigger language plpgsql security invoker set search_path = pg_catalog as $$
   begin
     raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
   end $$`,
  `revoke all on function audit_log_append_only() from public`,
  `create trigger audit_log_append_only before update or delete or truncate on audit_log
     for each statement execute function audit_log_append_only()`,
  ...isolateTable('audit_log', 'select, insert'),
];

/** The first schema: every tenant table, its isolation policy and the app role's grants. */
export const initialMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    // Tables only: the role is cluster-wide and may serve other databases.
    const tables = [
      'audit_log',
      'llm_usage',
      'coach_messages',
      'coach_sessions',
      'evidence_findings',
      'optimization_runs',
      'forecasts',
      'goals',
      'kpi_definitions',
      ...rollupGrains.map((grain) => `metric_rollups_${grain}`),
      'metric_points',
      'sync_runs',
      'data_sources',
      'api_keys',
      'users',
      'tenants',
    ];
    for (const table of tables) await sql.raw(`drop table if exists ${table} cascade`).execute(db);
    await sql.raw('drop function if exists audit_log_append_only()').execute(db);
  },
};
