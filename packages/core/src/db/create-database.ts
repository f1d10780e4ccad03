import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { z } from 'zod';
import { parseInput } from '../errors/index.js';
import { appRole } from './app-role.js';
import { lockDirectory } from './internal/directory-lock.js';
import {
  listenOnPostgres,
  type NotificationHandlers,
  type NotificationSubscription,
} from './internal/postgres-listener.js';
import { type MigrationReport, migrateToLatest } from './migrate.js';
import type { DyocenseSchema } from './schema.js';

/** A kysely database over PostgreSQL or PGlite, and how to close it. */
export interface DyocenseDatabase {
  /** The query builder. Use {@link withTenant} for every tenant query. */
  readonly db: Kysely<DyocenseSchema>;
  /** Which engine runs underneath. */
  readonly engine: 'postgres' | 'pglite';
  /** PGlite only: the migrations applied when it opened (PGlite migrates on open). */
  readonly migrated?: MigrationReport;
  /**
   * `LISTEN` on `channel` (a lower-case identifier), e.g. {@link tenantChangeChannel}. PostgreSQL: a dedicated
   * connection that reconnects by itself; PGlite: the database's own session (notifications arrive by the time
   * the committing query resolves). Close the subscription before the database.
   */
  listen(channel: string, handlers: NotificationHandlers): NotificationSubscription;
  /** Ends the pool (and, for PGlite, closes the database and releases its directory lock). */
  close(): Promise<void>;
}

export type { NotificationHandlers, NotificationSubscription };

const channelSchema = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case identifier');

/** Options of {@link createPostgresDatabase}. */
export interface PostgresDatabaseOptions {
  /** A `postgres://` URL. */
  readonly connectionString: string;
  /** Pool size; default 10. */
  readonly maxConnections?: number;
  /**
   * Milliseconds to wait for a new connection (TCP connect plus PostgreSQL's startup reply) before failing;
   * default 3,000. Bounds how long a request waits when the database is away instead of hanging.
   */
  readonly connectionTimeoutMillis?: number;
  /**
   * Longest statement in milliseconds, enforced by the server (`statement_timeout`) and, 5 s later, by the
   * client (a frozen server never answers); default: none, so migrations and bulk work are never cut short.
   */
  readonly statementTimeoutMillis?: number;
}

const postgresOptionsSchema = z.object({
  connectionString: z.string().min(1),
  maxConnections: z.number().int().positive().max(1_000).default(10),
  connectionTimeoutMillis: z.number().int().positive().max(600_000).default(3_000),
  statementTimeoutMillis: z.number().int().positive().max(86_400_000).optional(),
});

/**
 * Connects to PostgreSQL through a `pg` pool and kysely's `PostgresDialect`.
 *
 * Connect as the owner to migrate ({@link migrateToLatest}), and as a login role in `dyocense_app` to serve
 * tenants. The pool survives the server going away: queries then fail fast (refused, or after
 * `connectionTimeoutMillis`) with errors {@link isDatabaseUnavailable} recognises, broken connections are
 * dropped, and new ones are made once the server is back, without restarting the process.
 *
 * @throws DyocenseError `invalid_input` for an empty connection string or out-of-range options.
 * @example
 * const { db, close } = createPostgresDatabase({ connectionString: process.env.DATABASE_URL ?? '' });
 */
export function createPostgresDatabase(options: PostgresDatabaseOptions): DyocenseDatabase {
  const resolved = parseInput(postgresOptionsSchema, options, 'PostgreSQL options');
  const statementTimeout = resolved.statementTimeoutMillis;
  const pool = new pg.Pool({
    connectionString: resolved.connectionString,
    max: resolved.maxConnections,
    connectionTimeoutMillis: resolved.connectionTimeoutMillis,
    // Detects a peer that vanished without closing the socket (host down, network cut).
    keepAlive: true,
    ...(statementTimeout === undefined
      ? {}
      : { statement_timeout: statementTimeout, query_timeout: statementTimeout + 5_000 }),
  });
  // A client losing its server (restart, failover) must not crash the process with an unhandled 'error' event:
  // the pool catches it for idle clients and replaces them; a checked-out client (say, between two statements
  // of a transaction) has no other listener, and its next query fails with an error the caller handles.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<DyocenseSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    listen: (channel, handlers) =>
      listenOnPostgres(
        {
          connectionString: resolved.connectionString,
          connectionTimeoutMillis: resolved.connectionTimeoutMillis,
        },
        parseInput(channelSchema, channel, 'channel'),
        handlers,
      ),
    close: () => db.destroy(),
  };
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
  let migrated: MigrationReport;
  try {
    migrated = await migrateToLatest(db);
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
    migrated,
    listen(channel, handlers) {
      const name = parseInput(channelSchema, channel, 'channel');
      // PGlite queues this behind running queries; notifications sent before it lands are the caller's to
      // assume missed, which `onListening(true)` signals.
      const unlisten = pglite
        .listen(name, (payload) => handlers.onNotification(payload))
        .then(
          (stop) => {
            handlers.onListening?.(true);
            return stop;
          },
          () => undefined,
        );
      return {
        async close() {
          const stop = await unlisten;
          await stop?.().catch(() => {});
        },
      };
    },
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
