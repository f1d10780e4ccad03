export {
  type AuthOptions,
  apiAudience,
  type EmbedScope,
  embedAudience,
  jwtAlgorithm,
  jwtIssuer,
  maxEmbedTtlSeconds,
  type Principal,
  type Role,
  roles,
  type SignTokenOptions,
  signToken,
} from './auth.js';
export { type CreatedTenant, createTenant, tenantNameSchema } from './create-tenant.js';
export {
  type ConnectorCatalog,
  connectorsOf,
  createConnectorCatalog,
  defaultConnectors,
  type ServerConnector,
} from './data-sources/connector-catalog.js';
export { readDataSourceConfig, replaceDataSourceSecret } from './data-sources/data-source-store.js';
export {
  rotateDataSourceSecrets,
  type SecretRotationReport,
} from './data-sources/rotate-data-source-secrets.js';
export { assertDatabaseReady, assertSchemaCurrent, type DatabaseLogin } from './database-readiness.js';
export { demoTenantId, seedDemoTenant } from './demo.js';
export { renderDocsPage } from './docs-page.js';
export type { EmbedAccess } from './embed-access.js';
export { installJobQueue } from './jobs/job-queue.js';
export { defaultConnectorContext } from './jobs/sync-runner.js';
export {
  createServerMetrics,
  type EngineName,
  type RunOutcome,
  ServerMetrics,
} from './observability/server-metrics.js';
export { startTracing, type Tracing, type TracingOptions } from './observability/tracing.js';
export { type MintedToken, recordTokenMinted, tokenFingerprint } from './record-token-minted.js';
export { type RunningServer, type StartOptions, startServer } from './serve.js';
export { buildServer, type ServerOptions } from './server.js';
