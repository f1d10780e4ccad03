import type { DyocenseSchema } from '@dyocense/core/db';
import type { SecretKeyring } from '@dyocense/core/secrets';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { ConnectorCatalog } from '../data-sources/connector-catalog.js';
import {
  createDataSource,
  type DataSourceDependencies,
  deleteDataSource,
  getDataSource,
  listDataSources,
  updateDataSource,
} from '../data-sources/data-source-store.js';
import { syncMappingSchema } from '../jobs/sync-mapping.js';
import { syncScheduleSchema } from '../jobs/sync-schedule.js';
import { addRoute, type RegisteredRoute } from '../route.js';
import { idParams } from './common.js';

/** What the data-source routes need beyond the database. */
export interface DataSourceRouteOptions {
  readonly connectors: ConnectorCatalog;
  /** Seals secret config fields; without it, configurations with secrets are refused. */
  readonly keyring: SecretKeyring | undefined;
}

const dataSourceName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'must not contain control characters');
const configObject = z.record(z.string().max(200), z.unknown());

const dataSourceSchema = z.object({
  id: z.string(),
  connectorId: z.string(),
  name: z.string(),
  config: z.record(z.string(), z.unknown()),
  /** Declared secret fields: `true` when a value is stored (shown as `***` in `config`). */
  secrets: z.record(z.string(), z.boolean()),
  schedule: z
    .object({ cron: z.string(), timezone: z.string() })
    .nullable()
    .meta({ description: 'When scheduled syncs run; null: manual syncs only' }),
  mapping: syncMappingSchema
    .nullable()
    .meta({ description: 'Which record fields become which metric points; null: not set yet' }),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Sync settings a create or PATCH may give; in a PATCH, `null` removes one. */
const syncSettings = {
  schedule: syncScheduleSchema.nullable().optional().meta({
    description: 'Scheduled syncs: a cron expression (`0 6 * * *`) and an IANA time zone (default UTC)',
  }),
  mapping: syncMappingSchema.nullable().optional().meta({
    description: 'Per connector stream: the time field, dimension fields and (value field, metric) pairs',
  }),
};

const limitQuery = z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(100) });

/**
 * Data sources: a connector plus its configuration. Secret fields (the connector's `spec.secretFields`) are
 * sealed with AES-256-GCM and never returned (`***`). Analysts read, admins write; every change is audited in
 * its own transaction; another tenant's id answers 404 like a missing one.
 */
export function registerDataSourceRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
  options: DataSourceRouteOptions,
): void {
  const dependencies: DataSourceDependencies = {
    db,
    connectors: options.connectors,
    keyring: options.keyring,
  };

  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/data-sources',
    summary:
      "Create a data source: a connector id, a unique name, the connector's configuration (validated by the connector; its secret fields are stored encrypted and never returned) and optionally its sync schedule and mapping",
    tag: 'data-sources',
    role: 'admin',
    body: z.object({
      connectorId: z.string().min(1).max(100),
      name: dataSourceName,
      config: configObject,
      ...syncSettings,
    }),
    status: 201,
    response: dataSourceSchema,
    handler: ({ body, principal }) =>
      createDataSource(dependencies, { tenantId: principal.tenantId, subject: principal.subject }, body),
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/data-sources',
    summary: 'List data sources, oldest first; secret fields read `***`',
    tag: 'data-sources',
    role: 'analyst',
    query: limitQuery,
    status: 200,
    response: z.object({ dataSources: z.array(dataSourceSchema) }),
    handler: async ({ query, principal }) => ({
      dataSources: await listDataSources(dependencies, principal.tenantId, query.limit),
    }),
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/data-sources/:id',
    summary: 'Read a data source; secret fields read `***`',
    tag: 'data-sources',
    role: 'analyst',
    params: idParams,
    status: 200,
    response: dataSourceSchema,
    handler: ({ params, principal }) => getDataSource(dependencies, principal.tenantId, params.id),
  });

  addRoute(app, registry, {
    method: 'PATCH',
    url: '/v1/data-sources/:id',
    summary:
      'Rename a data source, merge-patch its configuration (fields given are set, `null` removes one, a secret sent as `***` keeps its stored value; the result is validated by the connector), and/or set or remove (`null`) its sync schedule and mapping',
    tag: 'data-sources',
    role: 'admin',
    params: idParams,
    body: z
      .object({ name: dataSourceName.optional(), config: configObject.optional(), ...syncSettings })
      .refine(
        (patch) => Object.values(patch).some((value) => value !== undefined),
        'give name, config, schedule and/or mapping',
      ),
    status: 200,
    response: dataSourceSchema,
    handler: ({ params, body, principal }) =>
      updateDataSource(
        dependencies,
        { tenantId: principal.tenantId, subject: principal.subject },
        params.id,
        body,
      ),
  });

  addRoute(app, registry, {
    method: 'DELETE',
    url: '/v1/data-sources/:id',
    summary: 'Delete a data source and its sync runs',
    tag: 'data-sources',
    role: 'admin',
    params: idParams,
    status: 204,
    response: z.null(),
    handler: async ({ params, principal }) => {
      await deleteDataSource(
        dependencies,
        { tenantId: principal.tenantId, subject: principal.subject },
        params.id,
      );
      return null;
    },
  });
}
