import {
  type DyocenseSchema,
  readRetentionPolicy,
  retentionPolicyInputSchema,
  setRetentionPolicy,
  withTenant,
} from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { audit } from '../metric-store.js';
import { addRoute, type RegisteredRoute } from '../route.js';

const policySchema = z.object({
  /** Days of raw points kept; `null`: kept forever. */
  rawDays: z.number().int().nullable(),
  updatedAt: z.string().nullable(),
});

/** `GET`/`PUT /v1/retention-policy`: how long raw metric points stay in the database before they go to Parquet. */
export function registerRetentionRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
): void {
  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/retention-policy',
    summary:
      "The tenant's retention policy for raw metric points (`rawDays` null: kept forever). Rollups are always kept",
    tag: 'tenant',
    role: 'viewer',
    status: 200,
    response: policySchema,
    handler: async ({ principal }) => {
      const policy = await readRetentionPolicy(db, principal.tenantId);
      return {
        rawDays: policy?.rawDays ?? null,
        updatedAt: policy?.updatedAt.toISOString() ?? null,
      };
    },
  });

  addRoute(app, registry, {
    method: 'PUT',
    url: '/v1/retention-policy',
    summary:
      'Set the retention policy (admins only; audited): raw points older than `rawDays` (whole UTC months) are archived to Parquet by the next retention run and still read back by raw reads and CSV exports; `null` keeps them forever',
    tag: 'tenant',
    role: 'admin',
    body: retentionPolicyInputSchema,
    status: 200,
    response: policySchema,
    handler: async ({ body, principal }) => {
      const policy = await setRetentionPolicy(db, principal.tenantId, body);
      await withTenant(db, principal.tenantId, (trx) =>
        audit(trx, principal.tenantId, {
          action: 'retention.policy.set',
          subject: principal.subject,
          targetType: 'retention_policy',
          detail: { rawDays: policy.rawDays },
        }),
      );
      return { rawDays: policy.rawDays, updatedAt: policy.updatedAt?.toISOString() ?? null };
    },
  });
}
