import { DyocenseError } from '@dyocense/core';
import { appRole, type DyocenseSchema, readSchemaVersion } from '@dyocense/core/db';
import { type Kysely, sql } from 'kysely';

/** Who the server logs in as, found by {@link assertDatabaseReady}. */
export interface DatabaseLogin {
  readonly role: string;
  readonly superuser: boolean;
}

/**
 * Checks that the schema is at the migration this version needs, with any role (it reads the catalog only).
 *
 * @throws DyocenseError `conflict` when the schema is missing, behind or ahead; the message says what to run.
 */
export async function assertSchemaCurrent(db: Kysely<DyocenseSchema>): Promise<void> {
  const version = await readSchemaVersion(db);
  const migrate =
    "run `dyocense migrate --database-url OWNER_URL` with the schema owner's URL, then start again";
  if (version.status === 'behind') {
    throw new DyocenseError({
      code: 'conflict',
      message:
        version.current === undefined
          ? `The database has no Dyocense schema version (never migrated, or migrated before versions were recorded): ${migrate}`
          : `The database schema is at ${version.current} but this server needs ${version.required} (pending: ${version.pending.join(', ')}): ${migrate}`,
      details: { ...version },
    });
  }
  if (version.status === 'ahead') {
    throw new DyocenseError({
      code: 'conflict',
      message: `The database schema is at ${version.current}, newer than this server's ${version.required}: upgrade dyocense`,
      details: { ...version },
    });
  }
}

/**
 * Checks, before serving PostgreSQL, that the schema is current ({@link assertSchemaCurrent}) and that the login
 * role is a member of `dyocense_app`. It changes nothing: the API's role cannot migrate, and should not.
 *
 * @throws DyocenseError `conflict` when the schema is missing, behind or ahead; `forbidden` when the login role
 *   is not in `dyocense_app`.
 */
export async function assertDatabaseReady(db: Kysely<DyocenseSchema>): Promise<DatabaseLogin> {
  await assertSchemaCurrent(db);
  const { rows } = await sql<{ role: string; superuser: boolean; member: boolean }>`
    select current_user as role, r.rolsuper as superuser, pg_has_role(current_user, ${appRole}, 'member') as member
    from pg_roles r where r.rolname = current_user`.execute(db);
  const login = rows[0];
  if (login === undefined || !login.member) {
    const role = login?.role ?? 'unknown';
    throw new DyocenseError({
      code: 'forbidden',
      message: `The login role ${role} is not a member of ${appRole}: as the owner, run CREATE ROLE api LOGIN PASSWORD '...' IN ROLE ${appRole} (or GRANT ${appRole} TO ${role}) and serve with that role's URL`,
    });
  }
  return { role: login.role, superuser: login.superuser };
}
