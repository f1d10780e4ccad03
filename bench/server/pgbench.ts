import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { postgresBinary } from './postgres-admin.js';

/** Options of {@link measureSqlCeiling}. */
export interface PgbenchOptions {
  /** The app login's URL: the same role and function the server uses. */
  readonly appUrl: string;
  readonly tenantCount: number;
  readonly from: string;
  readonly to: string;
  readonly clients: number;
  readonly seconds: number;
  /** Where to write the script. */
  readonly directory: string;
  /**
   * `metric`: one `dyocense_read_metric` call (the metric read); `kpi`: the two calls `average_order_value`
   * makes (revenue and orders), one transaction.
   */
  readonly read?: 'metric' | 'kpi';
}

/** pgbench's figures for the read alone. */
export interface PgbenchResult {
  readonly transactionsPerSecond: number;
  readonly averageLatencyMs: number;
  readonly failed: number;
  readonly loadAverage: number;
}

/**
 * The SQL ceiling of the API read: pgbench calls `dyocense_read_metric` exactly as `GET /v1/metrics/revenue`
 * does (same login role, same arguments) for a random tenant per transaction, with prepared statements.
 */
export async function measureSqlCeiling(options: PgbenchOptions): Promise<PgbenchResult> {
  const read = options.read ?? 'metric';
  const script = join(options.directory, `read-${read}.sql`);
  const call = (metric: string, limit: number) =>
    `select ts, value from dyocense_read_metric(('00000000-0000-4000-8000-' || lpad(:t::text, 12, '0'))::uuid, '${metric}', 'day', '${options.from}'::timestamptz, '${options.to}'::timestamptz, 'sum', ${limit});`;
  writeFileSync(
    script,
    [
      `\\set t random(1, ${options.tenantCount})`,
      ...(read === 'metric' ? [call('revenue', 10000)] : [call('revenue', 10001), call('orders', 10001)]),
      '',
    ].join('\n'),
  );
  const { stdout } = await promisify(execFile)(
    postgresBinary('pgbench'),
    [
      '-n',
      '-M',
      'prepared',
      '-f',
      script,
      '-c',
      String(options.clients),
      '-j',
      '2',
      '-T',
      String(options.seconds),
      options.appUrl,
    ],
    { encoding: 'utf8' },
  );
  const number = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? Number.NaN);
  const result = {
    transactionsPerSecond: number(/tps = ([\d.]+)/),
    averageLatencyMs: number(/latency average = ([\d.]+) ms/),
    failed: number(/number of failed transactions: (\d+)/),
    loadAverage: loadavg()[0] ?? 0,
  };
  if (!Number.isFinite(result.transactionsPerSecond))
    throw new Error(`Unexpected pgbench output:\n${stdout}`);
  return { ...result, failed: Number.isFinite(result.failed) ? result.failed : 0 };
}
