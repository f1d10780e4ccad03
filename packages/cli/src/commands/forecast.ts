import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { DyocenseError, type Frequency, parseInput, type TimeSeriesInput } from '@dyocense/core';
import { ingestFile, ingestOptionsSchema } from '@dyocense/core/ingest';
import {
  type BatchForecast,
  type ForecastModelName,
  type ForecastOptions,
  type ForecastResult,
  forecastBatch,
  forecastModelNames,
} from '@dyocense/forecast';
import type { CliIo } from '../cli-io.js';
import { exitCodes, toErrorReport } from '../exit-code.js';
import { parseCommandArguments } from '../parse-command-arguments.js';

const options = {
  input: { type: 'string' },
  horizon: { type: 'string' },
  season: { type: 'string' },
  freq: { type: 'string', default: 'auto' },
  model: { type: 'string', default: 'auto' },
  level: { type: 'string', default: '80,95' },
  output: { type: 'string' },
  jobs: { type: 'string', default: '1' },
  'gap-policy': { type: 'string', default: 'error' },
  transform: { type: 'string', default: 'none' },
  'time-zone': { type: 'string' },
  'date-format': { type: 'string' },
  seed: { type: 'string' },
  'season-periods': { type: 'string' },
  holidays: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

const frequencies: Record<string, Frequency | undefined> = {
  auto: undefined,
  H: 'hour',
  D: 'day',
  W: 'week',
  M: 'month',
  Q: 'quarter',
  Y: 'year',
};

/** One output record, as in DESIGN.md: `unique_id,ds,model,yhat` and `lo<level>,hi<level>` per level. */
export type ForecastRecord = Record<string, string | number>;

function invalid(message: string): DyocenseError {
  return new DyocenseError({ code: 'invalid_input', message: `dyocense forecast: ${message}` });
}

function integer(value: string | undefined, name: string, minimum: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < minimum) {
    throw invalid(`${name} must be an integer of at least ${minimum}, got "${value}"`);
  }
  return Number(value);
}

const levelName = (level: number): string => String(level);

/** Numbers printed with 12 significant digits, without exponent noise for ordinary magnitudes. */
const formatNumber = (value: number): number => Number(value.toPrecision(12));

/** Flattens forecasts into the DESIGN.md records (one per series and step). */
export function toForecastRecords(
  results: readonly ForecastResult[],
  levels: readonly number[],
): ForecastRecord[] {
  return results.flatMap((result) =>
    result.points.map((point) => {
      const record: ForecastRecord = {
        unique_id: result.seriesId,
        ds: point.timestamp,
        model: result.diagnostics.model,
        yhat: formatNumber(point.mean),
      };
      for (const level of levels) {
        const interval = point.intervals.find((candidate) => candidate.level === level);
        if (interval === undefined) continue;
        record[`lo${levelName(level)}`] = formatNumber(interval.lower);
        record[`hi${levelName(level)}`] = formatNumber(interval.upper);
      }
      return record;
    }),
  );
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes records as CSV with the DESIGN.md header. */
export function toForecastCsv(records: readonly ForecastRecord[], levels: readonly number[]): string {
  const header = [
    'unique_id',
    'ds',
    'model',
    'yhat',
    ...levels.flatMap((level) => [`lo${levelName(level)}`, `hi${levelName(level)}`]),
  ];
  const lines = records.map((record) => header.map((column) => csvField(record[column] ?? '')).join(','));
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

async function runBatch(
  series: readonly TimeSeriesInput[],
  forecastOptions: ForecastOptions,
  jobs: number,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<BatchForecast> {
  if (jobs <= 1) return forecastBatch(series, forecastOptions, onProgress);
  // Worker threads live in the Node-only entry, loaded only when asked for.
  const { forecastBatchParallel } = await import('@dyocense/forecast/node');
  return forecastBatchParallel(series, forecastOptions, { jobs, ...(onProgress ? { onProgress } : {}) });
}

/**
 * `dyocense forecast --input FILE --horizon H [--season M] [--freq auto|H|D|W|M|Q|Y] [--model NAME]
 * [--level 80,95] [--output out.csv|out.json] [--jobs N] [--gap-policy error|interpolate|zero_fill]
 * [--transform none|log|boxcox] [--seed N] [--season-periods 24,168] [--holidays GB] [--quiet]`: forecasts every series of a long CSV (or Excel) file and
 * writes `unique_id,ds,model,yhat,lo80,hi80,lo95,hi95` as CSV (stdout or `--output`), or the same records as a
 * JSON array for a `.json` output. Warnings go to stderr; a series that cannot be forecast fails the command.
 */
export async function forecastCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArguments('forecast', argv, options, 1);
  const input = values.input ?? positionals[0];
  if (input === undefined) throw invalid('--input FILE is required');
  const horizon = integer(values.horizon, '--horizon', 1);
  if (horizon === undefined) throw invalid('--horizon H is required');
  const season = integer(values.season, '--season', 1);
  const jobs = integer(values.jobs, '--jobs', 1) ?? 1;
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (!(values.freq in frequencies))
    throw invalid(`--freq must be one of ${Object.keys(frequencies).join(', ')}`);
  if (!(forecastModelNames as readonly string[]).includes(values.model)) {
    throw invalid(`--model must be one of ${forecastModelNames.join(', ')}`);
  }
  const levels = values.level.split(',').map((text) => {
    const level = Number(text.trim());
    if (text.trim() === '' || !(level > 0 && level < 100)) {
      throw invalid(`--level takes percentages between 0 and 100 separated by commas, got "${values.level}"`);
    }
    return level;
  });
  const frequency = frequencies[values.freq];
  const cycles = values['season-periods']?.split(',').map((text) => {
    const period = Number(text.trim());
    if (text.trim() === '' || !(period >= 2)) {
      throw invalid(
        `--season-periods takes periods of at least 2 separated by commas (e.g. 24,168), got "${values['season-periods']}"`,
      );
    }
    return period;
  });
  const country = values.holidays?.trim();
  if (country !== undefined && values.model !== 'prophet') {
    // Only the Prophet-style model has holiday effects; silently ignoring the flag would mislead.
    throw invalid(`--holidays needs --model prophet, got --model ${values.model}`);
  }
  const forecastOptions: ForecastOptions = {
    horizon,
    levels,
    model: values.model as ForecastModelName,
    gapPolicy: values['gap-policy'] as ForecastOptions['gapPolicy'],
    transform: values.transform as ForecastOptions['transform'],
    ...(season === undefined ? {} : { seasonPeriod: season }),
    ...(frequency === undefined ? {} : { frequency }),
    ...(seed === undefined ? {} : { seed }),
    ...(cycles === undefined ? {} : { seasonPeriods: cycles }),
    ...(country === undefined ? {} : { prophet: { holidays: { country } } }),
  };
  const ingestOptions = parseInput(
    ingestOptionsSchema,
    {
      ...(values['time-zone'] === undefined ? {} : { timeZone: values['time-zone'] }),
      ...(values['date-format'] === undefined ? {} : { dateFormat: values['date-format'] }),
    },
    'forecast options',
  );
  const ingested = await ingestFile(resolve(io.cwd, input), ingestOptions);
  if (ingested.series.length === 0) throw invalid(`${input} holds no series`);
  const showProgress = values.quiet !== true && process.stderr.isTTY === true && ingested.series.length > 1;
  const onProgress = showProgress
    ? (done: number, total: number): void => {
        io.stderr(`\rforecast: ${done}/${total} series${done === total ? '\n' : ''}`);
      }
    : undefined;
  const batch = await runBatch(ingested.series, forecastOptions, jobs, onProgress);
  const failure = batch.failures[0];
  if (failure !== undefined) {
    const more = batch.failures.length > 1 ? ` (and ${batch.failures.length - 1} more series)` : '';
    const report = toErrorReport(
      new DyocenseError({
        code: failure.code,
        message: `series "${failure.seriesId}": ${failure.message}${more}`,
      }),
    );
    io.stderr(`${report.line}\n`);
    return report.exitCode;
  }
  if (values.quiet !== true) {
    for (const result of batch.results) {
      for (const warning of result.warnings) io.stderr(`warning: series "${result.seriesId}": ${warning}\n`);
    }
  }
  const records = toForecastRecords(batch.results, levels);
  const output = values.output;
  const json = output !== undefined && extname(output).toLowerCase() === '.json';
  const text = json ? `${JSON.stringify(records, null, 2)}\n` : toForecastCsv(records, levels);
  if (output === undefined) io.stdout(text);
  else await writeFile(resolve(io.cwd, output), text);
  return exitCodes.ok;
}
