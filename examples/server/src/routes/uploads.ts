import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { addRoute, type RegisteredRoute } from '../route.js';

const uploadDetail = z.object({
  subject: z.string().optional(),
  rows: z.number().optional(),
  series: z.number().optional(),
  bytes: z.number().optional(),
  sha256: z.string().optional(),
  inserted: z.number().optional(),
  updated: z.number().optional(),
});

/**
 * `GET /v1/uploads`: the file-upload history, newest first. Each upload's audit entry (written in the same
 * transaction as its points) is the record, so the history cannot list an upload whose points were rolled back.
 */
export function registerUploadRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
): void {
  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/uploads',
    summary:
      'File-upload history, newest first: who uploaded which file (name as given in `filename`), its size and SHA-256, rows read, points inserted and updated',
    tag: 'metrics',
    role: 'analyst',
    query: z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(100) }),
    status: 200,
    response: z.object({
      uploads: z.array(
        z.object({
          id: z.string(),
          uploadedAt: z.string(),
          uploadedBy: z.string().nullable(),
          filename: z.string().nullable(),
          bytes: z.number().nullable(),
          sha256: z.string().nullable(),
          rows: z.number().nullable(),
          series: z.number().nullable(),
          inserted: z.number().nullable(),
          updated: z.number().nullable(),
        }),
      ),
    }),
    handler: async ({ query, principal }) => {
      const rows = await withTenant(db, principal.tenantId, (trx) =>
        trx
          .selectFrom('audit_log')
          .select(['id', 'target_id', 'detail', 'created_at'])
          .where('tenant_id', '=', principal.tenantId)
          .where('action', '=', 'metrics.upload')
          .orderBy('id', 'desc')
          .limit(query.limit)
          .execute(),
      );
      return {
        uploads: rows.map((row) => {
          const detail = uploadDetail.safeParse(row.detail);
          const value = detail.success ? detail.data : {};
          return {
            id: String(row.id),
            uploadedAt: row.created_at.toISOString(),
            uploadedBy: value.subject ?? null,
            filename: row.target_id,
            bytes: value.bytes ?? null,
            sha256: value.sha256 ?? null,
            rows: value.rows ?? null,
            series: value.series ?? null,
            inserted: value.inserted ?? null,
            updated: value.updated ?? null,
          };
        }),
      };
    },
  });
}
