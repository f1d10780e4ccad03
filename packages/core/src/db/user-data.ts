import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { DyocenseError, parseInput } from '../errors/index.js';
import type { DyocenseSchema } from './schema.js';
import { withTenant } from './with-tenant.js';

const userIdSchema = z.uuid();

/** Everything stored about one user of a tenant (GDPR Art. 15): the user, their keys, coach sessions, audit trail. */
export interface UserDataExport {
  readonly user: Record<string, unknown>;
  /** API keys without their hashes. */
  readonly apiKeys: readonly Record<string, unknown>[];
  readonly coachSessions: readonly Record<string, unknown>[];
  readonly coachMessages: readonly Record<string, unknown>[];
  readonly llmUsage: readonly Record<string, unknown>[];
  /** Audit entries the user performed. */
  readonly auditEntries: readonly Record<string, unknown>[];
}

/** Rows deleted by {@link eraseUser}, per table. */
export interface UserErasureReport {
  readonly users: number;
  readonly api_keys: number;
  readonly coach_sessions: number;
  readonly coach_messages: number;
  readonly llm_usage: number;
}

function notFound(userId: string): DyocenseError {
  return new DyocenseError({ code: 'not_found', message: 'No such user', details: { userId } });
}

async function userExists(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  userId: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Reads everything stored about one user, under the tenant's row-level security.
 *
 * @throws DyocenseError `invalid_input` for a malformed id; `not_found` when the tenant has no such user
 *   (another tenant's user included).
 */
export async function exportUserData(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  userId: string,
): Promise<UserDataExport> {
  const user = parseInput(userIdSchema, userId, 'user id').toLowerCase();
  return withTenant(
    db,
    tenantId,
    async (trx) => {
      const row = await sql<Record<string, unknown>>`
        select * from users where tenant_id = ${tenantId}::uuid and id = ${user}::uuid`.execute(trx);
      if (row.rows.length === 0) throw notFound(user);
      const apiKeys = await sql<Record<string, unknown>>`
        select tenant_id, id, user_id, name, key_prefix, role, created_at, revoked_at
        from api_keys where tenant_id = ${tenantId}::uuid and user_id = ${user}::uuid order by created_at, id`.execute(
        trx,
      );
      const sessions = await sql<Record<string, unknown>>`
        select * from coach_sessions where tenant_id = ${tenantId}::uuid and user_id = ${user}::uuid
        order by created_at, id`.execute(trx);
      const messages = await sql<Record<string, unknown>>`
        select m.* from coach_messages m join coach_sessions s on s.tenant_id = m.tenant_id and s.id = m.session_id
        where s.tenant_id = ${tenantId}::uuid and s.user_id = ${user}::uuid order by m.created_at, m.id`.execute(
        trx,
      );
      const usage = await sql<Record<string, unknown>>`
        select u.* from llm_usage u join coach_sessions s on s.tenant_id = u.tenant_id and s.id = u.session_id
        where s.tenant_id = ${tenantId}::uuid and s.user_id = ${user}::uuid order by u.created_at, u.id`.execute(
        trx,
      );
      const audit = await sql<Record<string, unknown>>`
        select id::text as id, action, target_type, target_id, detail, created_at from audit_log
        where tenant_id = ${tenantId}::uuid and actor_user_id = ${user}::uuid order by id`.execute(trx);
      return {
        user: row.rows[0] as Record<string, unknown>,
        apiKeys: apiKeys.rows,
        coachSessions: sessions.rows,
        coachMessages: messages.rows,
        llmUsage: usage.rows,
        auditEntries: audit.rows,
      };
    },
    { isolation: 'repeatable read' },
  );
}

/**
 * Hard-deletes one user and what is theirs (API keys, coach sessions with their messages and LLM usage) in one
 * transaction (GDPR Art. 17). Audit entries the user performed stay, append-only, with the user's id, which no
 * longer resolves to any personal data once the user row is gone (Art. 17(3)(b): records kept to meet a legal
 * obligation).
 *
 * @throws DyocenseError `invalid_input` for a malformed id; `not_found` when the tenant has no such user.
 */
export async function eraseUser(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  userId: string,
): Promise<UserErasureReport> {
  const user = parseInput(userIdSchema, userId, 'user id').toLowerCase();
  return withTenant(db, tenantId, async (trx) => {
    if (!(await userExists(trx, tenantId, user))) throw notFound(user);
    const sessionsOfUser = sql`(select id from coach_sessions where tenant_id = ${tenantId}::uuid and user_id = ${user}::uuid)`;
    const count = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0n);
    const llmUsage = count(
      await sql`delete from llm_usage where tenant_id = ${tenantId}::uuid and session_id in ${sessionsOfUser}`.execute(
        trx,
      ),
    );
    const coachMessages = count(
      await sql`delete from coach_messages where tenant_id = ${tenantId}::uuid and session_id in ${sessionsOfUser}`.execute(
        trx,
      ),
    );
    const coachSessions = count(
      await sql`delete from coach_sessions where tenant_id = ${tenantId}::uuid and user_id = ${user}::uuid`.execute(
        trx,
      ),
    );
    const apiKeys = count(
      await sql`delete from api_keys where tenant_id = ${tenantId}::uuid and user_id = ${user}::uuid`.execute(
        trx,
      ),
    );
    const users = count(
      await sql`delete from users where tenant_id = ${tenantId}::uuid and id = ${user}::uuid`.execute(trx),
    );
    return {
      users,
      api_keys: apiKeys,
      coach_sessions: coachSessions,
      coach_messages: coachMessages,
      llm_usage: llmUsage,
    };
  });
}
