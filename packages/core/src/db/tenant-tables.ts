/**
 * Every table that holds tenant data. Each one has a `tenant_id` column (`id` for `tenants`), row-level
 * security enabled and forced, and one policy with USING and WITH CHECK on the tenant setting.
 */
export const tenantTables = [
  'tenants',
  'users',
  'api_keys',
  'data_sources',
  'oauth_states',
  'sync_runs',
  'metric_points',
  'metric_rollups_day',
  'metric_rollups_week',
  'metric_rollups_month',
  'retention_policies',
  'archived_ranges',
  'kpi_definitions',
  'goals',
  'forecasts',
  'optimization_runs',
  'evidence_findings',
  'coach_sessions',
  'coach_messages',
  'llm_usage',
  'audit_log',
] as const;

/** Name of one of {@link tenantTables}. */
export type TenantTable = (typeof tenantTables)[number];

/** Rollup grains stored as plain tables (`metric_rollups_<grain>`), never materialized views. */
export const rollupGrains = ['day', 'week', 'month'] as const;

/** One of {@link rollupGrains}. */
export type RollupGrain = (typeof rollupGrains)[number];
