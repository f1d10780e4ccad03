import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A PostgreSQL client binary (`psql`, `pgbench`): on PATH, else the newest Debian server's bin directory. */
export function postgresBinary(name: string): string {
  for (const directory of (process.env.PATH ?? '').split(':')) {
    if (directory !== '' && existsSync(`${directory}/${name}`)) return `${directory}/${name}`;
  }
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const path = `/usr/lib/postgresql/${version}/bin/${name}`;
    if (existsSync(path)) return path;
  }
  throw new Error(`${name} not found: install Debian's postgresql-client`);
}

/**
 * The owner URL of a PostgreSQL cluster: `DYOCENSE_BENCH_DATABASE_URL`, else `DYOCENSE_TEST_DATABASE_URL`,
 * else the cluster `scripts/postgres/start.sh` starts (or reuses).
 */
export function ownerUrl(): string {
  const given = process.env.DYOCENSE_BENCH_DATABASE_URL ?? process.env.DYOCENSE_TEST_DATABASE_URL;
  if (given) return given;
  const script = fileURLToPath(new URL('../../scripts/postgres/start.sh', import.meta.url));
  const output = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const match = /DYOCENSE_TEST_DATABASE_URL=(\S+)/.exec(output);
  if (!match?.[1]) throw new Error(`scripts/postgres/start.sh printed no URL: ${output}`);
  return match[1].replace(/^'|'$/g, '');
}

/** Runs SQL through `psql` (stops at the first error). */
export function psql(url: string, statement: string): string {
  try {
    return execFileSync(postgresBinary('psql'), ['-v', 'ON_ERROR_STOP=1', '-qAt', url, '-c', statement], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`psql failed on "${statement}": ${stderr}`, { cause: error });
  }
}

/** A throw-away database on the cluster with a login role in `dyocense_app`, as an operator sets it up. */
export interface BenchDatabase {
  /** The owner's URL of the new database: migrations, partitions, ANALYZE. */
  readonly ownerUrl: string;
  /** The API login role's URL (NOSUPERUSER, NOBYPASSRLS, member of `dyocense_app`). */
  readonly appUrl: string;
  readonly appLogin: string;
  readonly name: string;
  /** Drops the database and the login role. */
  drop(): void;
}

/** Creates an empty database owned by the cluster's owner role; `grantApp` adds the login role (after migrating). */
export function createBenchDatabase(clusterOwnerUrl: string): BenchDatabase & { grantApp(): void } {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
  const name = `dyocense_bench_${suffix}`;
  const appLogin = `dyocense_bench_api_${suffix}`;
  psql(clusterOwnerUrl, `create database ${name}`);
  const owner = new URL(clusterOwnerUrl);
  owner.pathname = `/${name}`;
  const app = new URL(owner.href);
  app.username = appLogin;
  app.password = 'bench';
  return {
    ownerUrl: owner.href,
    appUrl: app.href,
    appLogin,
    name,
    grantApp() {
      psql(owner.href, `create role ${appLogin} login password 'bench' in role dyocense_app`);
    },
    drop() {
      // Backends of closed pools exit asynchronously, and the owner may not terminate the login role's.
      for (let attempt = 1; ; attempt += 1) {
        try {
          psql(clusterOwnerUrl, `drop database if exists ${name}`);
          break;
        } catch (error) {
          if (attempt >= 50) throw error;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
        }
      }
      psql(clusterOwnerUrl, `drop role if exists ${appLogin}`);
    },
  };
}
