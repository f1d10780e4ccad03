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
export { assertDatabaseReady, assertSchemaCurrent, type DatabaseLogin } from './database-readiness.js';
export { demoTenantId, seedDemoTenant } from './demo.js';
export { renderDocsPage } from './docs-page.js';
export type { EmbedAccess } from './embed-access.js';
export { type RunningServer, type StartOptions, startServer } from './serve.js';
export { buildServer, type ServerOptions } from './server.js';
