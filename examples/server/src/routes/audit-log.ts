import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { addRoute, type RegisteredRoute } from '../route.js';

/** The audit log, readable by admins. */
export function registerAuditLogRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
): void {
  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/audit-log',
    summary: 'Read the audit log, newest first (admins only)',
    tag: 'audit',
    role: 'admin',
    query: z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(100) }),
    status: 200,
    response: z.object({
      entries: z.array(
        z.object({
          id: z.string(),
          action: z.string(),
          targetType: z.string().nullable(),
          targetId: z.string().nullable(),
          detail: z.unknown(),
          createdAt: z.string(),
        }),
      ),
    }),
    handler: async ({ query, principal }) => {
      const rows = await withTenant(db, principal.tenantId, (trx) =>
        trx
          .selectFrom('audit_log')
          .select(['id', 'action', 'target_type', 'target_id', 'detail', 'created_at'])
          .where('tenant_id', '=', principal.tenantId)
          .orderBy('id', 'desc')
          .limit(query.limit)
          .execute(),
      );
      return {
        entries: rows.map((row) => ({
          id: String(row.id),
          action: row.action,
          targetType: row.target_type,
          targetId: row.target_id,
          detail: row.detail,
          createdAt: row.created_at.toISOString(),
        })),
      };
    },
  });
}
