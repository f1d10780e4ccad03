import {
  compileKpi,
  DyocenseError,
  grainSchema,
  type KpiDefinition,
  kpiDefinitionSchema,
  kpiLibrary,
} from '@dyocense/core';
import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { notFound } from '../http-error.js';
import {
  findKpi,
  findTenantKpi,
  isLibraryKpi,
  listTenantKpis,
  readKpiSeries,
  type StoredKpi,
} from '../kpi-store.js';
import { audit, instantSchema } from '../metric-store.js';
import { addRoute, type RegisteredRoute } from '../route.js';

const kpiKey = z.string().min(1).max(200);

const kpiSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  formula: z.string(),
  unit: z.string(),
  currency: z.string().optional(),
  direction: z.string(),
  /** Ids of the stored metrics the formula reads. */
  metrics: z.array(z.string()),
  source: z.enum(['library', 'tenant']),
  /** Row id and creation time of a tenant definition. */
  definitionId: z.string().optional(),
  createdAt: z.string().optional(),
});

const nullReasonSchema = z.object({
  code: z.enum(['division_by_zero', 'overflow', 'missing_input']),
  message: z.string(),
});

function toSummary(kpi: StoredKpi) {
  const { definition } = kpi;
  return {
    id: definition.id,
    name: definition.name,
    description: definition.description,
    formula: definition.formula,
    unit: definition.unit,
    ...(definition.currency === undefined ? {} : { currency: definition.currency }),
    direction: definition.direction,
    metrics: definition.metrics.map((metric) => metric.id),
    source: kpi.source,
    ...(kpi.definitionId === undefined ? {} : { definitionId: kpi.definitionId }),
    ...(kpi.createdAt === undefined ? {} : { createdAt: kpi.createdAt.toISOString() }),
  };
}

function isUniqueViolation(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = current.cause;
  }
  return false;
}

function conflict(key: string): DyocenseError {
  return new DyocenseError({
    code: 'conflict',
    message: `A KPI "${key}" already exists; choose another id`,
    issues: [{ path: ['id'], code: 'duplicate_kpi', message: 'already used by a built-in or stored KPI' }],
  });
}

/** The KPI library plus the tenant's definitions, KPI values per bucket, and storing a tenant definition. */
export function registerKpiRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
): void {
  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/kpis',
    summary: "List the KPIs this tenant can read: core's built-in library, then the tenant's own definitions",
    tag: 'kpis',
    role: 'viewer',
    status: 200,
    response: z.object({ kpis: z.array(kpiSummarySchema) }),
    handler: async ({ principal }) => {
      const tenant = await withTenant(db, principal.tenantId, (trx) =>
        listTenantKpis(trx, principal.tenantId),
      );
      const library: StoredKpi[] = Object.values(kpiLibrary).map((definition: KpiDefinition) => ({
        definition,
        source: 'library',
      }));
      return { kpis: [...library, ...tenant].map(toSummary) };
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/kpis/:kpi',
    summary:
      'Evaluate a KPI per UTC bucket of `grain` over [from, to): ratios of the bucket totals; a bucket without a value has `value: null` and a `reason`',
    tag: 'kpis',
    role: 'viewer',
    params: z.object({ kpi: kpiKey }),
    query: z.object({
      grain: grainSchema.default('day'),
      from: instantSchema.optional(),
      to: instantSchema.optional(),
    }),
    cache: true,
    status: 200,
    response: z.object({
      kpi: z.string(),
      name: z.string(),
      grain: grainSchema,
      unit: z.string(),
      currency: z.string().optional(),
      points: z.array(
        z.object({ ts: z.string(), value: z.number().nullable(), reason: nullReasonSchema.nullable() }),
      ),
    }),
    handler: async ({ params, query, principal }) => {
      const kpi = await findKpi(db, principal.tenantId, params.kpi);
      if (kpi === undefined) throw notFound('KPI');
      const series = await readKpiSeries(db, principal.tenantId, kpi.definition, query);
      return {
        kpi: kpi.definition.id,
        name: kpi.definition.name,
        grain: query.grain,
        unit: series.unit,
        ...(series.currency === undefined ? {} : { currency: series.currency }),
        points: series.timestamps.map((timestamp, index) => ({
          ts: new Date(timestamp).toISOString(),
          value: series.values[index] ?? null,
          reason: series.reasons[index] ?? null,
        })),
      };
    },
  });

  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/kpis',
    summary:
      "Store a tenant KPI definition, validated by core's KPI schema (formula syntax, declared metrics, units); its id may not reuse a built-in id",
    tag: 'kpis',
    role: 'analyst',
    body: kpiDefinitionSchema,
    status: 201,
    response: kpiSummarySchema,
    handler: async ({ body, principal }) => {
      // Compiling checks what the schema cannot: formula syntax, references and the unit arithmetic.
      const { definition } = compileKpi(body);
      if (isLibraryKpi(definition.id)) throw conflict(definition.id);
      try {
        const stored = await withTenant(db, principal.tenantId, async (trx) => {
          if ((await findTenantKpi(trx, principal.tenantId, definition.id)) !== undefined)
            throw conflict(definition.id);
          const row = await trx
            .insertInto('kpi_definitions')
            .values({
              tenant_id: principal.tenantId,
              kpi_key: definition.id,
              name: definition.name,
              definition: JSON.stringify(definition),
            })
            .returning(['id', 'created_at'])
            .executeTakeFirstOrThrow();
          await audit(trx, principal.tenantId, {
            action: 'kpis.create',
            subject: principal.subject,
            targetType: 'kpi_definition',
            targetId: row.id,
            detail: { kpi: definition.id },
          });
          return { definition, source: 'tenant' as const, definitionId: row.id, createdAt: row.created_at };
        });
        return toSummary(stored);
      } catch (error) {
        // Two concurrent creations of one id: the unique key decides, the loser gets the same answer.
        if (isUniqueViolation(error)) throw conflict(definition.id);
        throw error;
      }
    },
  });
}
