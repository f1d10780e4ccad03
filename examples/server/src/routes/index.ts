import type { DyocenseSchema } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { JobRunner } from '../jobs/job-runner.js';
import type { RegisteredRoute } from '../route.js';
import { registerAuditLogRoutes } from './audit-log.js';
import { type DataSourceRouteOptions, registerDataSourceRoutes } from './data-sources.js';
import { registerEvidenceRoutes } from './evidence.js';
import { registerForecastRoutes } from './forecasts.js';
import { registerGoalRoutes } from './goals.js';
import { registerKpiRoutes } from './kpis.js';
import { registerMetricRoutes } from './metrics.js';
import { type OAuthRouteOptions, registerOAuthRoutes } from './oauth.js';
import { registerOptimizationRoutes } from './optimizations.js';
import { registerRetentionRoutes } from './retention.js';
import { registerTenantDataRoutes } from './tenant-data.js';
import { registerUploadRoutes } from './uploads.js';

/** Registers every `/v1` API route on `app`; every database access runs through `withTenant`. */
export function registerApiRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
  jobs: JobRunner,
  dataSources: DataSourceRouteOptions & OAuthRouteOptions,
): void {
  registerMetricRoutes(app, db, registry);
  registerForecastRoutes(app, db, registry, jobs);
  registerOptimizationRoutes(app, db, registry, jobs);
  registerGoalRoutes(app, db, registry);
  registerKpiRoutes(app, db, registry);
  registerEvidenceRoutes(app, db, registry);
  registerAuditLogRoutes(app, db, registry);
  registerDataSourceRoutes(app, db, registry, dataSources);
  registerOAuthRoutes(app, db, registry, dataSources);
  registerTenantDataRoutes(app, db, registry);
  registerUploadRoutes(app, db, registry);
  registerRetentionRoutes(app, db, registry);
}
