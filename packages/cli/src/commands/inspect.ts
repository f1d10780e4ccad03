import { resolve } from 'node:path';
import { DyocenseError, parseInput } from '@dyocense/core';
import { generateDemoBusiness, toLongCsv } from '@dyocense/core/demo';
import {
  ingestOptionsSchema,
  profileFile,
  profileTable,
  type SeriesProfile,
  type TableProfile,
} from '@dyocense/core/ingest';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-code.js';
import { formatNumber, formatTable } from '../format/format-table.js';
import { parseCommandArguments } from '../parse-command-arguments.js';

const options = {
  json: { type: 'boolean' },
  demo: { type: 'boolean' },
  'time-zone': { type: 'string' },
  'date-format': { type: 'string' },
  sheet: { type: 'string' },
} as const;

function seriesRows(series: readonly SeriesProfile[]): (string | number)[][] {
  return series.map((profile) => [
    profile.id,
    profile.frequency === null
      ? '-'
      : profile.step === 1
        ? profile.frequency
        : `${profile.step} ${profile.frequency}`,
    String(profile.start ?? '-'),
    String(profile.end ?? '-'),
    profile.count,
    profile.gapCount,
    profile.statistics.missing,
    profile.outlierCount,
    profile.statistics.mean ?? '-',
    profile.statistics.sd ?? '-',
    profile.statistics.min ?? '-',
    profile.statistics.max ?? '-',
  ]);
}

/** The human-readable report; `--json` prints the {@link TableProfile} itself. */
export function formatProfile(name: string, profile: TableProfile): string {
  const source =
    profile.format === 'csv'
      ? `csv, ${profile.encoding ?? 'utf-8'}${profile.bom ? ' with BOM' : ''}, delimiter ${JSON.stringify(profile.delimiter)}, decimal "${profile.decimal}"`
      : `xlsx, sheet "${profile.sheet ?? ''}"`;
  const lines = [
    `${name}: ${source}`,
    `layout: ${profile.layout}, time: ${profile.timeKind} (${profile.timeZone}), rows: ${profile.rowCount}`,
    '',
    'columns:',
    formatTable(
      ['name', 'type', 'role', 'missing'],
      profile.columns.map((column) => [column.name, column.type, column.role, column.missing]),
    ),
    '',
    `series: ${profile.series.length}`,
    formatTable(
      [
        'id',
        'frequency',
        'start',
        'end',
        'points',
        'gaps',
        'missing',
        'outliers',
        'mean',
        'sd',
        'min',
        'max',
      ],
      seriesRows(profile.series),
    ),
  ];
  const withGaps = profile.series.filter((series) => series.gaps.length > 0);
  for (const series of withGaps.slice(0, 5)) {
    const gaps = series.gaps
      .slice(0, 3)
      .map((gap) => `${gap.after} .. ${gap.before} (${gap.missing} missing)`);
    lines.push(
      `gaps in ${series.id}: ${gaps.join('; ')}${series.gapCount > 3 ? ` and ${series.gapCount - 3} more` : ''}`,
    );
  }
  const withOutliers = profile.series.filter((series) => series.outliers.length > 0);
  for (const series of withOutliers.slice(0, 5)) {
    const outliers = series.outliers
      .slice(0, 3)
      .map((outlier) => `${outlier.at} = ${formatNumber(outlier.value)} (z ${formatNumber(outlier.score)})`);
    lines.push(`outliers in ${series.id}: ${outliers.join('; ')}`);
  }
  lines.push(`duplicates: ${profile.duplicates.count}, invalid rows: ${profile.invalidRows.count}`);
  for (const issue of [...profile.duplicates.examples, ...profile.invalidRows.examples].slice(0, 10)) {
    lines.push(`  line ${issue.line ?? '?'}: ${issue.message}`);
  }
  for (const warning of profile.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

/** `dyocense inspect FILE [--json]` and `dyocense inspect --demo`: profiles a CSV or Excel file. */
export async function inspectCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArguments('inspect', argv, options, 1);
  const file = positionals[0];
  if ((file === undefined) === (values.demo !== true)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'dyocense inspect: give a FILE or --demo (one of them)',
    });
  }
  const ingestOptions = parseInput(
    ingestOptionsSchema,
    {
      ...(values['time-zone'] === undefined ? {} : { timeZone: values['time-zone'] }),
      ...(values['date-format'] === undefined ? {} : { dateFormat: values['date-format'] }),
      ...(values.sheet === undefined ? {} : { sheet: values.sheet }),
    },
    'inspect options',
  );
  const profile =
    file === undefined
      ? await profileTable(toLongCsv(generateDemoBusiness()), { ...ingestOptions, format: 'csv' })
      : await profileFile(resolve(io.cwd, file), ingestOptions);
  io.stdout(
    values.json === true ? `${JSON.stringify(profile, null, 2)}\n` : formatProfile(file ?? 'demo', profile),
  );
  return exitCodes.ok;
}
