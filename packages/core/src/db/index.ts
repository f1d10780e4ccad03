export { appRole, tenantSetting } from './app-role.js';
export {
  createPostgresDatabase,
  type DyocenseDatabase,
  openPgliteDatabase,
  type PgliteDatabaseOptions,
  type PostgresDatabaseOptions,
} from './create-database.js';
export { ensureMonthlyPartitions } from './ensure-monthly-partitions.js';
export {
  type IngestOptions,
  type IngestResult,
  ingestMetricPoints,
  insertMetricPoints,
  type MetricPointInput,
} from './ingest-metric-points.js';
export { isDatabaseUnavailable } from './is-database-unavailable.js';
export {
  type MigrationReport,
  migrateToLatest,
  migrationNames,
  readSchemaVersion,
  type SchemaVersion,
} from './migrate.js';
export {
  type MetricBucket,
  type MetricSeriesRead,
  metricAggregations,
  readMetricSeries,
} from './read-metric-series.js';
export type {
  ApiKeysTable,
  AuditLogTable,
  CoachMessagesTable,
  CoachSessionsTable,
  DataSourcesTable,
  DateColumn,
  Decimal,
  DyocenseSchema,
  EvidenceFindingsTable,
  ForecastsTable,
  GeneratedTimestamp,
  GoalAggregation,
  GoalComparator,
  GoalGrain,
  GoalsTable,
  Json,
  KpiDefinitionsTable,
  LlmUsageTable,
  MetricPointsTable,
  MetricRollupsTable,
  OptimizationRunStatus,
  OptimizationRunsTable,
  RunStatus,
  SyncRunsTable,
  TenantRole,
  TenantsTable,
  Timestamp,
  UsersTable,
} from './schema.js';
export { type RollupGrain, rollupGrains, type TenantTable, tenantTables } from './tenant-tables.js';
export { parseTenantId, withTenant } from './with-tenant.js';
