import { DyocenseError } from '@dyocense/core';
import type { CliIo } from './cli-io.js';
import { exitCodes, toErrorReport } from './exit-code.js';

export type { CliIo } from './cli-io.js';

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

// Commands load lazily so that one command's dependencies never slow down another.
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  forecast: {
    summary:
      'forecast --input FILE --horizon H [--season M] [--freq auto|H|D|W|M|Q|Y] [--model auto|ensemble|...] [--level 80,95] [--output out.csv|out.json] [--jobs N]   forecast every series',
    load: async () => (await import('./commands/forecast.js')).forecastCommand,
  },
  inspect: {
    summary: 'inspect FILE [--json] | inspect --demo   profile a CSV or Excel file',
    load: async () => (await import('./commands/inspect.js')).inspectCommand,
  },
  optimize: {
    summary:
      'optimize inventory|staffing|assignment|budget --input problem.json [--output result.json] [--time-limit S] [--gap G]   solve a planning problem',
    load: async () => (await import('./commands/optimize.js')).optimizeCommand,
  },
  evidence: {
    summary:
      'evidence granger|graph|impact|whatif|decompose --input data.csv [--max-lag L] [--transform auto|none|diff] [--target M --intervention DATE] [--controls a,b] [--level 95] [--output result.json]   explain why metrics changed',
    load: async () => (await import('./commands/evidence.js')).evidenceCommand,
  },
  kpi: {
    summary: 'kpi --input FILE --kpi ID [--grain month] [--json]   compute a library KPI',
    load: async () => (await import('./commands/kpi.js')).kpiCommand,
  },
  serve: {
    summary:
      'serve [--port 3000] [--host 127.0.0.1] [--database-url URL] [--data-dir DIR] [--demo]   run the reference server (embedded PGlite without a URL)',
    load: async () => (await import('./commands/serve.js')).serveCommand,
  },
  migrate: {
    summary:
      'migrate [--database-url OWNER_URL] [--data-dir DIR]   create or update the schema, its RLS policies and the dyocense_app role',
    load: async () => (await import('./commands/migrate.js')).migrateCommand,
  },
  retention: {
    summary:
      "retention apply --tenant ID[,ID...] [--archive-dir DIR] [--database-url URL] [--data-dir DIR]   archive raw points past each tenant's retention policy to Parquet",
    load: async () => (await import('./commands/retention.js')).retentionCommand,
  },
  secrets: {
    summary:
      'secrets rotate [--database-url OWNER_URL] [--data-dir DIR]   re-encrypt stored secrets under the newest key of DYOCENSE_SECRET_KEYS',
    load: async () => (await import('./commands/secrets.js')).secretsCommand,
  },
  tenant: {
    summary:
      'tenant create --name NAME [--database-url URL] [--data-dir DIR]   create a tenant; prints its id as JSON',
    load: async () => (await import('./commands/tenant.js')).tenantCommand,
  },
  token: {
    summary:
      'token --tenant ID --role admin|analyst|viewer [--ttl 1h] [--sub NAME] | token --tenant ID --embed --metrics a,b [--widgets w1,w2] [--ttl 15m]   mint a JWT signed with DYOCENSE_JWT_SECRET',
    load: async () => (await import('./commands/token.js')).tokenCommand,
  },
};

function usage(): string {
  const lines = Object.values(commands).map((command) => `  dyocense ${command.summary}`);
  return `Usage:\n${lines.join('\n')}\n`;
}

/**
 * Runs the `dyocense` command line with `argv` (without the node and script paths) and returns the exit code.
 * Errors are printed as one line `error[code]: message` on stderr; exit codes follow DESIGN.md.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? exitCodes.invalidInput : exitCodes.ok;
  }
  try {
    const command = commands[name];
    if (command === undefined) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `unknown command "${name}"; try "dyocense --help"`,
      });
    }
    return await (await command.load())(rest, io);
  } catch (error) {
    const report = toErrorReport(error);
    io.stderr(`${report.line}\n`);
    return report.exitCode;
  }
}
