import type { ColumnType, Generated } from 'kysely';

/** A `timestamptz` column: read as a `Date`, written as a `Date` or an ISO 8601 string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `timestamptz` column with a database default. */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `jsonb` column. */
export type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** A `date` column: read as a `Date` at midnight UTC, written as `YYYY-MM-DD`. */
export type DateColumn = ColumnType<Date, string, string>;
/** A `numeric` column: read as a decimal string to keep its precision. */
export type Decimal = ColumnType<string, number | string, number | string>;

/** A user's role inside a tenant. */
export type TenantRole = 'admin' | 'analyst' | 'viewer';
/** Life cycle of a background run (`sync_runs`). */
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';
/** What started a sync run: a request, or the data source's schedule. */
export type SyncTrigger = 'manual' | 'schedule';
/** Life cycle of an optimisation run: a run may also be cancelled (migration 0003). */
export type OptimizationRunStatus = RunStatus | 'cancelled';
/** How a goal is judged: up to / down to the target (`increase`/`at_least`, `decrease`/`at_most`). */
export type GoalComparator = 'increase' | 'decrease' | 'at_least' | 'at_most';
/** Bucket size a goal's progress is read with (core's `grainSchema`). */
export type GoalGrain = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';
/** How a goal's metric is aggregated per bucket (`metricAggregations`). */
export type GoalAggregation = 'sum' | 'avg' | 'min' | 'max' | 'count';

/** `tenants`: one row per business. Its isolation column is `id`. */
export interface TenantsTable {
  id: Generated<string>;
  name: string;
  created_at: GeneratedTimestamp;
}

/** `users`: people of a tenant. */
export interface UsersTable {
  tenant_id: string;
  id: Generated<string>;
  email: string;
  display_name: string | null;
  role: TenantRole;
  created_at: GeneratedTimestamp;
}

/** `api_keys`: hashed API keys; only the prefix is stored in clear. */
export interface ApiKeysTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  name: string;
  key_prefix: string;
  key_hash: string;
  role: TenantRole;
  created_at: GeneratedTimestamp;
  revoked_at: Timestamp | null;
}

/** `data_sources`: configured connectors. */
export interface DataSourcesTable {
  tenant_id: string;
  id: Generated<string>;
  connector_id: string;
  name: string;
  config: ColumnType<unknown, string | undefined, string>;
  /** Sealed secret config fields by name (migration 0006); never returned by the API. */
  secrets: ColumnType<Record<string, string>, string | undefined, string>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  /** Cron expression of scheduled syncs in `sync_timezone`; null: manual syncs only (migration 0008). */
  sync_schedule: ColumnType<string | null, string | null | undefined, string | null>;
  /** IANA time zone the schedule is read in; default `UTC`. */
  sync_timezone: ColumnType<string, string | undefined, string>;
  /** How connector records become metric points; null: not syncable yet. */
  sync_mapping: ColumnType<unknown, string | null | undefined, string | null>;
  /** Connector state (stream checkpoints) of the last successful sync; `{}` before the first. */
  sync_state: ColumnType<unknown, string | undefined, string>;
}

/** `sync_runs`: one connector sync. */
export interface SyncRunsTable {
  tenant_id: string;
  id: Generated<string>;
  data_source_id: string;
  status: RunStatus;
  started_at: GeneratedTimestamp;
  finished_at: Timestamp | null;
  /** bigint: read as a decimal string. */
  rows_read: ColumnType<string, number | undefined, number>;
  error: string | null;
  /** What started the run (migration 0008). */
  trigger: ColumnType<SyncTrigger, SyncTrigger | undefined, SyncTrigger>;
  /** Attempts made so far (retries included). */
  attempts: ColumnType<number, number | undefined, number>;
  /** bigint: points written by the successful attempt, read as a decimal string. */
  points_written: ColumnType<string, number | undefined, number>;
  /** bigint: points the successful attempt deleted for deleted source records (migration 0010). */
  points_deleted: ColumnType<string, number | undefined, number>;
  /** bigint: deleted source records the successful attempt could not apply (no record identity in the mapping). */
  deletions_skipped: ColumnType<string, number | undefined, number>;
}

/** `metric_points`: one value of one series at one time, partitioned by month of `ts`. */
export interface MetricPointsTable {
  tenant_id: string;
  metric: string;
  /** Canonical JSON of the sorted dimensions (`{}` for none); part of the primary key. */
  series_key: string;
  ts: Timestamp;
  value: number;
  dimensions: ColumnType<Record<string, string>, string | undefined, string>;
}

/**
 * `metric_rollups_<grain>`: one metric summed over its dimensions per UTC bucket (ISO weeks), plain tables under
 * the same policy. `insertMetricPoints` (the only writer of `metric_points`) keeps the buckets it touches exact in
 * its own transaction (adds new points, recomputes rewritten ones); another writer of points must do the same, or
 * reads of aligned ranges go stale and ingest may take existing points for new ones.
 */
export interface MetricRollupsTable {
  tenant_id: string;
  metric: string;
  bucket: Timestamp;
  /** bigint: read as a decimal string. */
  point_count: ColumnType<string, number, number>;
  value_sum: number;
  value_min: number;
  value_max: number;
  refreshed_at: GeneratedTimestamp;
}

/** `kpi_definitions`: KPIs a tenant tracks. */
export interface KpiDefinitionsTable {
  tenant_id: string;
  id: Generated<string>;
  kpi_key: string;
  name: string;
  definition: ColumnType<unknown, string, string>;
  created_at: GeneratedTimestamp;
}

/** `goals`: SMART goals on a metric. */
export interface GoalsTable {
  tenant_id: string;
  id: Generated<string>;
  kpi_definition_id: string | null;
  metric: string;
  title: string;
  target_value: number;
  baseline_value: number | null;
  start_date: DateColumn;
  due_date: DateColumn;
  status: ColumnType<'active' | 'achieved' | 'missed' | 'archived', string | undefined, string>;
  /** Default `increase`. */
  comparator: ColumnType<GoalComparator, GoalComparator | undefined, GoalComparator>;
  /** Default `day`. */
  grain: ColumnType<GoalGrain, GoalGrain | undefined, GoalGrain>;
  /** Default `sum`. */
  aggregation: ColumnType<GoalAggregation, GoalAggregation | undefined, GoalAggregation>;
  created_at: GeneratedTimestamp;
}

/** `forecasts`: stored forecast results. */
export interface ForecastsTable {
  tenant_id: string;
  id: Generated<string>;
  metric: string;
  grain: string;
  horizon: number;
  model: string;
  request: ColumnType<unknown, string, string>;
  result: ColumnType<unknown, string, string>;
  created_at: GeneratedTimestamp;
}

/** `optimization_runs`: optimiser inputs and results. */
export interface OptimizationRunsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: 'inventory' | 'staffing' | 'assignment' | 'budget';
  status: OptimizationRunStatus;
  input: ColumnType<unknown, string, string>;
  /** The engine's result, once succeeded. */
  result: ColumnType<unknown, string | null | undefined, string | null>;
  /** Why the run failed or was cancelled (`{ code, message, issues }`). */
  error: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: GeneratedTimestamp;
  /** When a worker took the run; null while queued. */
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Seconds the engine may search; null for runs stored before migration 0003. */
  time_limit_seconds: ColumnType<number | null, number | null | undefined, number | null>;
  finished_at: Timestamp | null;
}

/** `evidence_findings`: explanations found by the evidence engine. */
export interface EvidenceFindingsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: string;
  metric: string;
  summary: string;
  detail: ColumnType<unknown, string | undefined, string>;
  created_at: GeneratedTimestamp;
}

/** `coach_sessions`: one conversation with the coach. */
export interface CoachSessionsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string | null;
  title: string | null;
  created_at: GeneratedTimestamp;
}

/** `coach_messages`: messages of a coach session. */
export interface CoachMessagesTable {
  tenant_id: string;
  id: Generated<string>;
  session_id: string;
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  created_at: GeneratedTimestamp;
}

/** `llm_usage`: tokens, cost (USD) and latency (ms) of each model call. */
export interface LlmUsageTable {
  tenant_id: string;
  id: Generated<string>;
  session_id: string | null;
  tier: 'rules' | 'local' | 'cloud';
  model: string;
  input_tokens: ColumnType<number, number | undefined, number>;
  output_tokens: ColumnType<number, number | undefined, number>;
  cost_usd: ColumnType<string, number | string | undefined, number | string>;
  latency_ms: ColumnType<number, number | undefined, number>;
  cache_hit: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: GeneratedTimestamp;
}

/** `audit_log`: append-only record of who did what. UPDATE and DELETE are rejected by the database. */
export interface AuditLogTable {
  tenant_id: string;
  /** bigint identity: read as a decimal string, never written. */
  id: ColumnType<string, never, never>;
  actor_user_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: ColumnType<unknown, string | undefined, never>;
  created_at: GeneratedTimestamp;
}

/** `retention_policies`: how long a tenant's raw metric points stay in the database (rollups stay forever). */
export interface RetentionPoliciesTable {
  tenant_id: string;
  raw_days: number;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** `archived_ranges`: one verified Parquet file of one metric's raw points for one UTC month. */
export interface ArchivedRangesTable {
  tenant_id: string;
  metric: string;
  /** First day of the UTC month. */
  month: ColumnType<Date, string, string>;
  /** Absolute path of the Parquet file. */
  file_path: string;
  rows: number;
  /** Instants of the first and last archived point (the metric list reports them). */
  first_ts: Timestamp;
  last_ts: Timestamp;
  /** SHA-256 (hex) of the archived points, as `archiveChecksum` computes it. */
  checksum: string;
  archived_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** `oauth_states`: one pending OAuth2 authorisation of a data source (migration 0011); single use, short-lived. */
export interface OAuthStatesTable {
  tenant_id: string;
  id: string;
  data_source_id: string;
  /** The admin who started the flow (the audit entry's subject). */
  subject: string;
  /** SHA-256 (base64url) of the state's random part; the state itself is never stored. */
  secret_hash: string;
  /** The PKCE code verifier, sealed with the secrets keyring. */
  code_verifier: string;
  redirect_uri: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
}

/** The kysely database interface of every Dyocense table. */
export interface DyocenseSchema {
  tenants: TenantsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  data_sources: DataSourcesTable;
  oauth_states: OAuthStatesTable;
  sync_runs: SyncRunsTable;
  metric_points: MetricPointsTable;
  metric_rollups_day: MetricRollupsTable;
  metric_rollups_week: MetricRollupsTable;
  metric_rollups_month: MetricRollupsTable;
  retention_policies: RetentionPoliciesTable;
  archived_ranges: ArchivedRangesTable;
  kpi_definitions: KpiDefinitionsTable;
  goals: GoalsTable;
  forecasts: ForecastsTable;
  optimization_runs: OptimizationRunsTable;
  evidence_findings: EvidenceFindingsTable;
  coach_sessions: CoachSessionsTable;
  coach_messages: CoachMessagesTable;
  llm_usage: LlmUsageTable;
  audit_log: AuditLogTable;
}
