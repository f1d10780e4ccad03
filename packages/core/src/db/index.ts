export { appRole, tenantSetting } from './app-role.js';
export {
  createPostgresDatabase,
  type DyocenseDatabase,
  type NotificationHandlers,
  type NotificationSubscription,
  openPgliteDatabase,
  type PgliteDatabaseOptions,
  type PostgresDatabaseOptions,
} from './create-database.js';
export { deleteMetricPointsByDimension, type PointSelection } from './delete-metric-points.js';
export { ensureMonthlyPartitions } from './ensure-monthly-partitions.js';
export { type ErasureReport, eraseTenant } from './erase-tenant.js';
export {
  exportTenantData,
  type TenantExportManifest,
  type TenantExportSink,
} from './export-tenant-data.js';
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
export { tenantChangeChannel } from './migrations/0005-tenant-change-notifications.js';
export { jobsSchema } from './migrations/0008-sync-jobs.js';
export {
  type MetricBucket,
  type MetricSeriesRead,
  metricAggregations,
  readMetricSeries,
} from './read-metric-series.js';
export * from './retention/index.js';
export type {
  ApiKeysTable,
  ArchivedRangesTable,
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
  RetentionPoliciesTable,
  RunStatus,
  SyncRunsTable,
  SyncTrigger,
  TenantRole,
  TenantsTable,
  Timestamp,
  UsersTable,
} from './schema.js';
export { type RollupGrain, rollupGrains, type TenantTable, tenantTables } from './tenant-tables.js';
export {
  eraseUser,
  exportUserData,
  type UserDataExport,
  type UserErasureReport,
} from './user-data.js';
export { parseTenantId, withTenant } from './with-tenant.js';
