import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { DyocenseError } from '@dyocense/core';
import {
  type DyocenseSchema,
  eraseTenant,
  eraseUser,
  exportTenantData,
  exportUserData,
  listTenantArchiveFiles,
  removeTenantArchive,
  withTenant,
} from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import { Zip, ZipDeflate } from 'fflate';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { audit } from '../metric-store.js';
import { addRoute, type RegisteredRoute } from '../route.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Drops a tenant from the known-tenant cache, so its tokens answer 401 at once after its erasure. */
    forgetTenant?: (tenantId: string) => void;
  }
}

const encoder = new TextEncoder();

/**
 * Streams a tenant's export as a zip: one deflated JSON Lines file per table plus `manifest.json`. Chunks leave as
 * they are compressed; the reader waits whenever the response buffer is full, so memory stays bounded by one page.
 */
function streamTenantZip(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  log: FastifyInstance['log'],
): PassThrough {
  const out = new PassThrough();
  const zip = new Zip((error, chunk, final) => {
    if (error) out.destroy(error);
    else {
      out.write(chunk);
      if (final) out.end();
    }
  });
  let current: { name: string; file: ZipDeflate } | undefined;
  const closeCurrent = () => current?.file.push(new Uint8Array(0), true);
  const sink = async (name: string, chunk: string) => {
    if (current?.name !== name) {
      closeCurrent();
      current = { name, file: new ZipDeflate(name, { level: 6 }) };
      zip.add(current.file);
    }
    if (chunk.length > 0) current.file.push(encoder.encode(chunk));
    if (out.writableNeedDrain) await once(out, 'drain');
    if (out.destroyed) throw new Error('The export download was aborted');
  };
  exportTenantData(db, tenantId, sink)
    .then((manifest) => {
      closeCurrent();
      const file = new ZipDeflate('manifest.json', { level: 6 });
      zip.add(file);
      file.push(encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`), true);
      zip.end();
    })
    .catch((error: unknown) => {
      // Headers are gone: the only honest signal left is an aborted response (the zip stays incomplete).
      log.error({ err: error }, 'tenant export failed');
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  return out;
}

const userParams = z.object({ id: z.string().min(1).max(100) });

/** GDPR routes: a tenant's full export and erasure, and a user's export and erasure (admins only). */
export function registerTenantDataRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
): void {
  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/tenant/export',
    summary:
      "Export all of the tenant's data (GDPR Art. 15/20): a zip with one JSON Lines file per table and manifest.json with row counts, read at one instant (admins only; the export is audited)",
    tag: 'tenant',
    role: 'admin',
    status: 200,
    response: z.string(),
    responseType: 'application/zip',
    handler: async ({ principal, reply, request }) => {
      await withTenant(db, principal.tenantId, (trx) =>
        audit(trx, principal.tenantId, {
          action: 'tenant.export',
          subject: principal.subject,
          targetType: 'tenant',
        }),
      );
      const day = new Date().toISOString().slice(0, 10);
      reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="dyocense-export-${day}.zip"`);
      return streamTenantZip(db, principal.tenantId, request.log);
    },
  });

  addRoute(app, registry, {
    method: 'DELETE',
    url: '/v1/tenant',
    summary:
      'Erase the tenant (GDPR Art. 17): every row of every table, the audit log included, in one transaction. `confirm` must repeat the tenant id. Tokens of the tenant stop working',
    tag: 'tenant',
    role: 'admin',
    query: z.object({ confirm: z.string() }),
    status: 200,
    response: z.object({ tenantId: z.string(), deleted: z.record(z.string(), z.number()) }),
    handler: async ({ principal, query, request }) => {
      if (query.confirm.toLowerCase() !== principal.tenantId.toLowerCase()) {
        throw new DyocenseError({
          code: 'invalid_input',
          message: 'Erasing the tenant needs confirm=<tenant id> (the id of the tenant being erased)',
        });
      }
      // Archive files are listed before the rows that name them go, and removed once the erasure committed.
      const archiveFiles = await listTenantArchiveFiles(db, principal.tenantId);
      const deleted = await eraseTenant(db, principal.tenantId);
      await removeTenantArchive(principal.tenantId, archiveFiles);
      app.forgetTenant?.(principal.tenantId);
      request.log.warn({ tenantId: principal.tenantId, deleted }, 'tenant erased');
      return { tenantId: principal.tenantId, deleted };
    },
  });

  addRoute(app, registry, {
    method: 'GET',
    url: '/v1/users/:id/export',
    summary:
      "Export what is stored about one user (GDPR Art. 15): the user, API keys without hashes, coach sessions and messages, LLM usage and the user's audit entries (admins only; audited)",
    tag: 'tenant',
    role: 'admin',
    params: userParams,
    status: 200,
    response: z.object({
      user: z.record(z.string(), z.unknown()),
      apiKeys: z.array(z.record(z.string(), z.unknown())),
      coachSessions: z.array(z.record(z.string(), z.unknown())),
      coachMessages: z.array(z.record(z.string(), z.unknown())),
      llmUsage: z.array(z.record(z.string(), z.unknown())),
      auditEntries: z.array(z.record(z.string(), z.unknown())),
    }),
    handler: async ({ principal, params }) => {
      const data = await exportUserData(db, principal.tenantId, params.id);
      await withTenant(db, principal.tenantId, (trx) =>
        audit(trx, principal.tenantId, {
          action: 'user.export',
          subject: principal.subject,
          targetType: 'user',
          targetId: params.id.toLowerCase(),
        }),
      );
      return data;
    },
  });

  addRoute(app, registry, {
    method: 'DELETE',
    url: '/v1/users/:id',
    summary:
      'Erase one user (GDPR Art. 17): the user, their API keys and coach sessions, in one transaction. Audit entries keep the opaque user id (admins only; audited)',
    tag: 'tenant',
    role: 'admin',
    params: userParams,
    status: 200,
    response: z.object({ userId: z.string(), deleted: z.record(z.string(), z.number()) }),
    handler: async ({ principal, params }) => {
      const deleted = await eraseUser(db, principal.tenantId, params.id);
      const userId = params.id.toLowerCase();
      await withTenant(db, principal.tenantId, (trx) =>
        audit(trx, principal.tenantId, {
          action: 'user.erase',
          subject: principal.subject,
          targetType: 'user',
          targetId: userId,
          detail: { deleted },
        }),
      );
      return { userId, deleted: { ...deleted } };
    },
  });
}
