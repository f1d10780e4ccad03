import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import {
  createPostgresDatabase,
  type DyocenseDatabase,
  type DyocenseSchema,
  migrateToLatest,
  openPgliteDatabase,
} from '../../../src/db/index.js';

/** A migrated database as the tests need it: the app's handle and an owner's handle. */
export interface TestDatabase {
  readonly engine: 'postgres' | 'pglite';
  /** What the API uses: on PostgreSQL a login role in `dyocense_app`, on PGlite the app-role session. */
  readonly app: DyocenseDatabase;
  /** The migration owner (PGlite: the same database; owner-only helpers step back to its superuser). */
  readonly owner: Kysely<DyocenseSchema>;
  /** Name of the role the app's connection logs in as. */
  readonly appLogin: string;
  close(): Promise<void>;
}

/**
 * The owner URL of the test cluster started by `scripts/postgres/start.sh`. Missing is a failure, not a skip:
 * CI starts the cluster before the tests.
 */
export function testDatabaseUrl(): string {
  const fromEnvironment = process.env.DYOCENSE_TEST_DATABASE_URL;
  if (fromEnvironment) return fromEnvironment;
  try {
    const match = /DYOCENSE_TEST_DATABASE_URL=(\S+)/.exec(readFileSync('/tmp/dyocense-postgres/env', 'utf8'));
    if (match?.[1]) return match[1].replace(/^'|'$/g, '');
  } catch {
    // Fall through to the error below.
  }
  throw new Error(
    'DYOCENSE_TEST_DATABASE_URL is not set and no cluster runs: start one with eval "$(scripts/postgres/start.sh)"',
  );
}

/** An in-memory PGlite database, migrated. */
export async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const app = await openPgliteDatabase();
  return { engine: 'pglite', app, owner: app.db, appLogin: 'postgres', close: () => app.close() };
}

/**
 * A fresh database on the test cluster (so runs and files never share rows), migrated by the owner, plus a new
 * login role in `dyocense_app` for the app, exactly as an operator would set it up. `ownerUrl` picks another
 * cluster's owner (a test's private cluster); the default is {@link testDatabaseUrl}.
 */
export async function createPostgresTestDatabase(
  options: { appConnections?: number; ownerUrl?: string } = {},
): Promise<TestDatabase> {
  const ownerUrl = new URL(options.ownerUrl ?? testDatabaseUrl());
  const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
  const databaseName = `dyocense_test_${suffix}`;
  const appLogin = `dyocense_api_${suffix}`;

  const admin = createPostgresDatabase({ connectionString: ownerUrl.href, maxConnections: 1 });
  await sql.raw(`create database ${databaseName}`).execute(admin.db);

  const ownerDatabaseUrl = new URL(ownerUrl.href);
  ownerDatabaseUrl.pathname = `/${databaseName}`;
  const owner = createPostgresDatabase({ connectionString: ownerDatabaseUrl.href, maxConnections: 2 });
  await migrateToLatest(owner.db);
  await sql.raw(`create role ${appLogin} login password 'test' in role dyocense_app`).execute(owner.db);

  const appUrl = new URL(ownerDatabaseUrl.href);
  appUrl.username = appLogin;
  appUrl.password = 'test';
  const app = createPostgresDatabase({
    connectionString: appUrl.href,
    maxConnections: options.appConnections ?? 4,
  });

  return {
    engine: 'postgres',
    app,
    owner: owner.db,
    appLogin,
    async close() {
      await app.close();
      await owner.close();
      // Backends exit asynchronously after the pools end; the owner may not terminate other roles' backends.
      for (let attempt = 1; ; attempt += 1) {
        try {
          await sql.raw(`drop database if exists ${databaseName}`).execute(admin.db);
          break;
        } catch (error) {
          if (attempt >= 50 || (error as { code?: string }).code !== '55006') throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await sql.raw(`drop role if exists ${appLogin}`).execute(admin.db);
      await admin.close();
    },
  };
}
