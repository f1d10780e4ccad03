import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPostgresDatabase } from '@dyocense/core/db';
import { sql } from 'kysely';

const run = promisify(execFile);

/** A PostgreSQL cluster owned by one test file: its own data directory and port, started and stopped at will. */
export interface PrivatePostgres {
  readonly port: number;
  readonly dataDirectory: string;
  /** The `postgres` superuser (trust authentication on 127.0.0.1), for fault checks the app role may not make. */
  readonly superuserUrl: string;
  /** `dyocense_owner` (LOGIN CREATEDB CREATEROLE, not superuser) on database `dyocense`, as `scripts/postgres/start.sh` sets up. */
  readonly ownerUrl: string;
  /** Starts the server and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops the server; `immediate` kills backends without a checkpoint, like a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops the server (immediately) and deletes its data directory. */
  destroy(): Promise<void>;
}

/**
 * The directory holding `initdb` and `pg_ctl`: the ones on PATH, else the newest `/usr/lib/postgresql/N/bin`
 * (Debian's layout), the same search as `scripts/postgres/start.sh`. `undefined` when neither exists.
 */
export async function findPostgresBinaries(): Promise<string | undefined> {
  for (const directory of (process.env.PATH ?? '').split(':')) {
    const names = await readdir(directory).catch(() => [] as string[]);
    if (names.includes('pg_ctl') && names.includes('initdb')) return directory;
  }
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  for (const version of versions.sort((left, right) => Number(right) - Number(left))) {
    const directory = `/usr/lib/postgresql/${version}/bin`;
    const names = await readdir(directory).catch(() => [] as string[]);
    if (names.includes('pg_ctl') && names.includes('initdb')) return directory;
  }
  return undefined;
}

/**
 * Why this machine cannot run a private cluster, or `undefined` when it can. Missing binaries are a reason to
 * skip only outside CI: in CI (`CI` set) `.ci/run` installs PostgreSQL first, so a missing install must fail.
 */
export async function privatePostgresSkipReason(): Promise<string | undefined> {
  if ((await findPostgresBinaries()) !== undefined) return undefined;
  const reason = 'no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin';
  if (process.env.CI) throw new Error(`${reason}: CI must install them (scripts/postgres/start.sh does)`);
  return reason;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

async function userIds(user: string): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const uid = Number((await run('id', ['-u', user])).stdout.trim());
    const gid = Number((await run('id', ['-g', user])).stdout.trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * Initialises and starts a throwaway cluster on 127.0.0.1 and a free port, in a new temporary directory, then
 * creates the `dyocense_owner` role and `dyocense` database. PostgreSQL refuses to run as root, so as root the
 * server runs as the `postgres` user through `runuser` (created when missing, as start.sh does). Durability is
 * off (`fsync=off`): the cluster holds test data only, and `stop('immediate')` still exercises crash recovery.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const binaries = await findPostgresBinaries();
  if (binaries === undefined) throw new Error('PostgreSQL server binaries not found');
  const isRoot = process.getuid?.() === 0;
  const runUser = process.env.DYOCENSE_PG_USER ?? 'postgres';
  let owner = isRoot ? await userIds(runUser) : undefined;
  if (isRoot && owner === undefined) {
    await run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', runUser]);
    owner = await userIds(runUser);
  }
  const asServer = (tool: string, args: string[]) =>
    isRoot
      ? run('runuser', ['-u', runUser, '--', join(binaries, tool), ...args])
      : run(join(binaries, tool), args);

  const root = await mkdtemp(join(tmpdir(), 'dyocense-pg-'));
  const dataDirectory = join(root, 'data');
  if (owner !== undefined) await chown(root, owner.uid, owner.gid);
  await asServer('initdb', [
    '-D',
    dataDirectory,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const port = await freePort();
  const serverOptions = [
    '-c listen_addresses=127.0.0.1',
    `-p ${port}`,
    `-k ${root}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  const logFile = join(root, 'server.log');
  const start = async () => {
    await asServer('pg_ctl', [
      '-D',
      dataDirectory,
      '-l',
      logFile,
      '-w',
      '-t',
      '60',
      '-o',
      serverOptions,
      'start',
    ]);
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await asServer('pg_ctl', ['-D', dataDirectory, '-m', mode, '-w', '-t', '60', 'stop']);
  };
  const superuserUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await start();
    const admin = createPostgresDatabase({ connectionString: superuserUrl, maxConnections: 1 });
    try {
      await sql`create role dyocense_owner login createdb createrole`.execute(admin.db);
      await sql`create database dyocense owner dyocense_owner`.execute(admin.db);
    } finally {
      await admin.close();
    }
  } catch (error) {
    await stop('immediate').catch(() => {});
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    dataDirectory,
    superuserUrl,
    ownerUrl: `postgres://dyocense_owner@127.0.0.1:${port}/dyocense`,
    start,
    stop,
    async destroy() {
      await stop('immediate').catch(() => {});
      await rm(root, { recursive: true, force: true });
    },
  };
}
