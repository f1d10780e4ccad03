import type { DyocenseSchema } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { RegisteredRoute } from '../route.js';
import { registerAuditLogRoutes } from './audit-log.js';
import { registerForecastRoutes } from './forecasts.js';
import { registerMetricRoutes } from './metrics.js';

/** Registers every `/v1` API route on `app`; every database access runs through `withTenant`. */
export function registerApiRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
): void {
  registerMetricRoutes(app, db, registry);
  registerForecastRoutes(app, db, registry);
  registerAuditLogRoutes(app, db, registry);
}
