import { DyocenseError } from '@dyocense/core';
import type { CliIo } from '../cli-io.js';
import { databaseOptions, resolveDatabaseTarget } from '../database-target.js';
import { exitCodes } from '../exit-code.js';
import { parseCommandArguments } from '../parse-command-arguments.js';

const options = {
  port: { type: 'string', default: '3000' },
  host: { type: 'string', default: '127.0.0.1' },
  ...databaseOptions,
  demo: { type: 'boolean' },
} as const;

/**
 * `dyocense serve [--port 3000] [--host 127.0.0.1] [--database-url URL] [--data-dir DIR] [--demo]`: runs the
 * reference server until SIGINT or SIGTERM, then drains requests and closes the database. Without a URL
 * (flag or `DATABASE_URL`) it serves an embedded PGlite database in `./.dyocense/pglite` and seeds the demo
 * tenant on first start. With a URL it never migrates: the URL is an API login role's (a member of
 * `dyocense_app`), and the server refuses to start, telling the operator to run `dyocense migrate` with the
 * owner's URL, unless the schema is at the latest migration. Tokens are verified with `DYOCENSE_JWT_SECRET`.
 */
export async function serveCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArguments('serve', argv, options, 0);
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `dyocense serve: --port must be 0-65535, got "${values.port}"`,
    });
  }
  const target = resolveDatabaseTarget('serve', values, io.cwd);
  // Loaded here, not at the top: engine commands must not pay for the server's dependencies.
  const { startServer } = await import('@dyocense/example-server');
  const server = await startServer({
    port,
    host: values.host,
    ...(target.engine === 'postgres' ? { databaseUrl: target.url } : { dataDirectory: target.directory }),
    ...(process.env.DYOCENSE_JWT_SECRET ? { jwtSecret: process.env.DYOCENSE_JWT_SECRET } : {}),
    ...(values.demo === undefined ? {} : { demo: values.demo }),
    print: (line) => io.stderr(`${line}\n`),
  });
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.stderr('Shutting down: draining requests.\n');
  await server.close();
  return exitCodes.ok;
}
