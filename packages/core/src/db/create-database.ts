import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { appRole } from './app-role.js';
import { lockDirectory } from './internal/directory-lock.js';
import { migrateToLatest } from './migrate.js';
import type { DyocenseSchema } from './schema.js';

/** A kysely database over PostgreSQL or PGlite, and how to close it. */
export interface DyocenseDatabase {
  /** The query builder. Use {@link withTenant} for every tenant query. */
  readonly db: Kysely<DyocenseSchema>;
  /** Which engine runs underneath. */
  readonly engine: 'postgres' | 'pglite';
  /** Ends the pool (and, for PGlite, closes the database and releases its directory lock). */
  close(): Promise<void>;
}

/** Options of {@link createPostgresDatabase}. */
export interface PostgresDatabaseOptions {
  /** A `postgres://` URL. */
  readonly connectionString: string;
  /** Pool size; default 10. */
  readonly maxConnections?: number;
}

/**
 * Connects to PostgreSQL through a `pg` pool and kysely's `PostgresDialect`.
 *
 * Connect as the owner to migrate ({@link migrateToLatest}), and as a login role in `dyocense_app` to serve
 * tenants.
 *
 * @example
 * const { db, close } = createPostgresDatabase({ connectionString: process.env.DATABASE_URL ?? '' });
 */
export function createPostgresDatabase(options: PostgresDatabaseOptions): DyocenseDatabase {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  // An idle client losing its server (restart, failover) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<DyocenseSchema>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', close: () => db.destroy() };
}

/** Options of {@link openPgliteDatabase}. */
export interface PgliteDatabaseOptions {
  /** Data directory; omit for an in-memory database. */
  readonly dataDirectory?: string;
}

/**
 * Opens an embedded PGlite database through the same `pg` pool and `PostgresDialect` as PostgreSQL
 * (`@electric-sql/pglite/node-postgres`, one connection, so transactions never interleave), applies pending
 * migrations, then switches the session to the `dyocense_app` role.
 *
 * PGlite's only session is a superuser. After the switch, a query outside {@link withTenant} sees no tenant
 * rows, exactly as on PostgreSQL, and owner-only helpers ({@link ensureMonthlyPartitions}) step back to the
 * superuser for their own transaction. This guards against bugs, not against SQL an attacker controls (such SQL
 * could `RESET ROLE`): use PostgreSQL where that matters.
 *
 * @throws DyocenseError `conflict` when another running process holds the data directory's lock.
 */
export async function openPgliteDatabase(options: PgliteDatabaseOptions = {}): Promise<DyocenseDatabase> {
  const directory = options.dataDirectory;
  const release = directory === undefined ? () => {} : lockDirectory(directory);
  let pglite: PGlite;
  try {
    pglite = new PGlite(directory);
    await pglite.waitReady;
  } catch (error) {
    release();
    throw error;
  }
  // One client for the life of the database: idle eviction would re-wrap the same PGlite connection.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0 } as pg.PoolConfig);
  const db = new Kysely<DyocenseSchema>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db);
    await sql.raw(`set role ${appRole}`).execute(db);
  } catch (error) {
    await db.destroy();
    await pglite.close();
    release();
    throw error;
  }
  return {
    db,
    engine: 'pglite',
    async close() {
      try {
        await db.destroy();
        await pglite.close();
      } finally {
        release();
      }
    },
  };
}
