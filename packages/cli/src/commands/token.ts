import { DyocenseError } from '@dyocense/core';
import type { Role } from '@dyocense/example-server';
import type { CliIo } from '../cli-io.js';
import { databaseOptions, openDatabaseTarget, resolveDatabaseTarget } from '../database-target.js';
import { exitCodes } from '../exit-code.js';
import { parseCommandArguments } from '../parse-command-arguments.js';

const options = {
  tenant: { type: 'string' },
  role: { type: 'string', default: 'viewer' },
  ttl: { type: 'string' },
  sub: { type: 'string' },
  embed: { type: 'boolean' },
  metrics: { type: 'string' },
  widgets: { type: 'string' },
  ...databaseOptions,
} as const;

/** `a, b,,c` -> `['a', 'b', 'c']`. */
function toList(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * `dyocense token --tenant ID --role admin|analyst|viewer [--ttl 1h] [--sub NAME]` prints an API token, and
 * `dyocense token --tenant ID --embed --metrics revenue,orders [--widgets forecast-chart,kpi-card] [--ttl 15m]`
 * an embed token (viewer, `aud=dyocense-embed`, at most 1h, readable metrics listed). Both are JWTs signed with
 * `DYOCENSE_JWT_SECRET` that `dyocense serve` (same secret) accepts.
 *
 * With a database (`--database-url`, `DATABASE_URL` or `--data-dir`) the minting is recorded in the tenant's audit
 * log (`tokens.mint`, with a fingerprint, never the token) before the token is printed, and a tenant missing from
 * that database is refused. Without one there is nowhere to record it: minting needs only the secret.
 */
export async function tokenCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArguments('token', argv, options, 0);
  if (values.tenant === undefined) {
    throw new DyocenseError({ code: 'invalid_input', message: 'dyocense token: --tenant ID is required' });
  }
  if (values.embed && values.metrics === undefined) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'dyocense token: --embed needs --metrics NAME[,NAME...] (the metrics the page may read)',
    });
  }
  const secret = process.env.DYOCENSE_JWT_SECRET;
  if (!secret) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'dyocense token: set DYOCENSE_JWT_SECRET (32+ bytes)',
    });
  }
  const metrics = toList(values.metrics);
  const widgets = toList(values.widgets);
  const { signToken } = await import('@dyocense/example-server');
  const token = await signToken({
    secret,
    tenantId: values.tenant,
    // signToken validates the role; the cast only satisfies the compiler.
    role: values.role as Role,
    ...(values.ttl === undefined ? {} : { ttl: values.ttl }),
    ...(values.sub === undefined ? {} : { subject: values.sub }),
    ...(values.embed === undefined ? {} : { embed: values.embed }),
    ...(metrics === undefined ? {} : { metrics }),
    ...(widgets === undefined ? {} : { widgets }),
  });
  if (values['database-url'] !== undefined || values['data-dir'] !== undefined || process.env.DATABASE_URL) {
    const database = await openDatabaseTarget(resolveDatabaseTarget('token', values, io.cwd));
    try {
      const { recordTokenMinted } = await import('@dyocense/example-server');
      await recordTokenMinted(database.db, { token, mintedBy: 'dyocense token' });
    } finally {
      await database.close();
    }
  }
  io.stdout(`${token}\n`);
  return exitCodes.ok;
}
