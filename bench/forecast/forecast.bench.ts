import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  coverage,
  type ForecastModelName,
  forecast,
  mape,
  mase,
  msis,
  smape,
} from '../../packages/forecast/src/index.js';

const run = promisify(execFile);

/** A benchmark set of ../shared/data/forecast (horizon and periods from its README). */
interface BenchSet {
  readonly name: string;
  readonly horizon: number;
  /** Seasonal period given to the models. */
  readonly season: number;
  /** Seasonal period of the MASE and MSIS scale (M4 rule). */
  readonly scaleSeason: number;
}

const sets: readonly BenchSet[] = [
  { name: 'm3_monthly', horizon: 18, season: 12, scaleSeason: 12 },
  { name: 'tourism_monthly', horizon: 24, season: 12, scaleSeason: 12 },
  { name: 'm4_monthly', horizon: 18, season: 12, scaleSeason: 12 },
  { name: 'm4_weekly', horizon: 13, season: 1, scaleSeason: 1 },
  { name: 'm4_daily', horizon: 14, season: 1, scaleSeason: 1 },
  { name: 'm4_hourly', horizon: 48, season: 24, scaleSeason: 24 },
];

interface Series {
  readonly id: string;
  readonly values: number[];
}

interface PointForecast {
  readonly mean: readonly number[];
  readonly lower95: readonly number[];
  readonly upper95: readonly number[];
}

interface Scores {
  readonly label: string;
  readonly smape: number;
  readonly mase: number;
  readonly mape: number;
  readonly shareMapeBelow15: number;
  readonly coverage95: number;
  readonly msis: number;
  readonly secondsPerSeries: number;
  readonly failures: number;
}

/** Reads a long `unique_id,ds,y` file (rows of a series contiguous and in time order, as in the data set). */
function readLong(path: string, limit: number): Series[] {
  const series: Series[] = [];
  const byId = new Map<string, Series>();
  const lines = readFileSync(path, 'utf8').split('\n');
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const first = line.indexOf(',');
    const last = line.lastIndexOf(',');
    const id = line.slice(0, first);
    let entry = byId.get(id);
    if (entry === undefined) {
      if (limit > 0 && series.length >= limit) continue;
      entry = { id, values: [] };
      byId.set(id, entry);
      series.push(entry);
    }
    entry.values.push(Number(line.slice(last + 1)));
  }
  return series;
}

function score(
  label: string,
  train: readonly Series[],
  test: ReadonlyMap<string, readonly number[]>,
  forecasts: ReadonlyMap<string, PointForecast>,
  seconds: number,
  failures: number,
  scaleSeason: number,
): Scores {
  let smapeSum = 0;
  let maseSum = 0;
  let mapeSum = 0;
  let below15 = 0;
  let covered = 0;
  let points = 0;
  let msisSum = 0;
  let count = 0;
  for (const series of train) {
    const actual = test.get(series.id);
    const predicted = forecasts.get(series.id);
    if (actual === undefined || predicted === undefined) continue;
    const scale = series.values.length > scaleSeason ? scaleSeason : 1;
    smapeSum += smape(actual, predicted.mean);
    maseSum += mase(actual, predicted.mean, series.values, scale) ?? 0;
    const seriesMape = mape(actual, predicted.mean) ?? 0;
    mapeSum += seriesMape;
    if (seriesMape < 15) below15++;
    covered += coverage(actual, predicted.lower95, predicted.upper95) * actual.length;
    points += actual.length;
    msisSum += msis(actual, predicted.lower95, predicted.upper95, series.values, scale, 95) ?? 0;
    count++;
  }
  return {
    label,
    smape: smapeSum / count,
    mase: maseSum / count,
    mape: mapeSum / count,
    shareMapeBelow15: below15 / count,
    coverage95: covered / points,
    msis: msisSum / count,
    secondsPerSeries: seconds / count,
    failures,
  };
}

function ensureR(): boolean {
  if (process.env.BENCH_R === '0') return false;
  if (spawnSync('Rscript', ['--version']).error === undefined) return true;
  process.stderr.write('Rscript not found: installing r-cran-forecast with apt-get\n');
  const aptGet = (args: readonly string[]) =>
    process.getuid?.() === 0
      ? spawnSync('apt-get', args, {
          stdio: 'inherit',
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        })
      : spawnSync('sudo', ['apt-get', ...args], {
          stdio: 'inherit',
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        });
  const update = aptGet(['update']);
  const install = aptGet(['install', '-y', 'r-cran-forecast']);
  return (
    update.status === 0 && install.status === 0 && spawnSync('Rscript', ['--version']).error === undefined
  );
}

async function runR(
  set: BenchSet,
  dataDirectory: string,
  limit: number,
  output: string,
): Promise<Map<string, { forecasts: Map<string, PointForecast>; seconds: number; failures: number }>> {
  const script = fileURLToPath(new URL('./run-r.R', import.meta.url));
  await run(
    'Rscript',
    [
      script,
      '--train',
      join(dataDirectory, `${set.name}_dev.csv`),
      '--h',
      String(set.horizon),
      '--season',
      String(set.season),
      '--limit',
      String(limit),
      '--timeout',
      process.env.BENCH_R_TIMEOUT ?? '120',
      '--out',
      output,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const byModel = new Map<
    string,
    { forecasts: Map<string, PointForecast>; seconds: number; failures: number }
  >();
  const rows = readFileSync(output, 'utf8').trim().split('\n').slice(1);
  const building = new Map<string, { mean: number[]; lower95: number[]; upper95: number[] }>();
  for (const row of rows) {
    const [id, model, , yhat, , , lo95, hi95, seconds, failed] = row
      .split(',')
      .map((cell) => cell.replaceAll('"', ''));
    const key = `${model}\u0000${id}`;
    let entry = byModel.get(model as string);
    if (entry === undefined) {
      entry = { forecasts: new Map(), seconds: 0, failures: 0 };
      byModel.set(model as string, entry);
    }
    let forecastRows = building.get(key);
    if (forecastRows === undefined) {
      forecastRows = { mean: [], lower95: [], upper95: [] };
      building.set(key, forecastRows);
      entry.forecasts.set(id as string, forecastRows);
      entry.seconds += Number(seconds);
      if (failed === 'TRUE') entry.failures++;
    }
    forecastRows.mean.push(Number(yhat));
    forecastRows.lower95.push(Number(lo95));
    forecastRows.upper95.push(Number(hi95));
  }
  return byModel;
}

function runOurs(
  set: BenchSet,
  train: readonly Series[],
  model: ForecastModelName,
): { forecasts: Map<string, PointForecast>; seconds: number; failures: number } {
  const forecasts = new Map<string, PointForecast>();
  let failures = 0;
  const start = performance.now();
  for (const series of train) {
    try {
      const result = forecast(
        {
          id: series.id,
          frequency: 'period',
          timestamps: series.values.map((_, index) => index),
          values: series.values,
        },
        { horizon: set.horizon, seasonPeriod: set.season, model, levels: [95] },
      );
      forecasts.set(series.id, {
        mean: result.points.map((point) => point.mean),
        lower95: result.points.map((point) => point.intervals[0]?.lower ?? point.mean),
        upper95: result.points.map((point) => point.intervals[0]?.upper ?? point.mean),
      });
    } catch {
      failures++;
    }
  }
  return { forecasts, seconds: (performance.now() - start) / 1000, failures };
}

const format = (value: number, digits = 3): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/**
 * Forecast accuracy and speed of our models against R's forecast package (auto.arima, ets, thetaf) on the sets in
 * ../shared/data/forecast, measured in the same run. Environment: BENCH_SERIES (series per set, 0 = all),
 * BENCH_SETS (comma-separated set names), BENCH_MODELS (ours, default auto,ensemble,ets,arima,theta),
 * BENCH_R=0 (skip R), BENCH_R_TIMEOUT (seconds per R fit, default 120).
 */
export async function runForecastBench(dataDirectory: string, scratch: string): Promise<string> {
  mkdirSync(scratch, { recursive: true });
  const limit = Number(process.env.BENCH_SERIES ?? 0);
  const only = process.env.BENCH_SETS?.split(',');
  const models = (process.env.BENCH_MODELS ?? 'auto,ensemble,ets,arima,theta').split(
    ',',
  ) as ForecastModelName[];
  const withR = ensureR();
  const lines: string[] = [
    `series per set: ${limit > 0 ? limit : 'all'}; R: ${withR ? 'forecast package (auto.arima, ets, thetaf)' : 'skipped'}`,
    '',
    '| set | model | sMAPE | MASE | MAPE | MAPE<15% | cov95 | MSIS | s/series | MASE / R arima | MASE / R ets | time / R arima | failures |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const set of sets) {
    if (only !== undefined && !only.includes(set.name)) continue;
    const train = readLong(join(dataDirectory, `${set.name}_dev.csv`), limit);
    const test = new Map(
      readLong(join(dataDirectory, `${set.name}_test.csv`), 0).map((series) => [series.id, series.values]),
    );
    // R runs in a child process while our models run here (one core each on a two-core machine).
    const reference = withR ? runR(set, dataDirectory, limit, join(scratch, `${set.name}_r.csv`)) : undefined;
    const ours: Scores[] = [];
    for (const model of models) {
      const result = runOurs(set, train, model);
      if (result.forecasts.size === 0) continue;
      ours.push(
        score(model, train, test, result.forecasts, result.seconds, result.failures, set.scaleSeason),
      );
    }
    const theirs: Scores[] = [];
    for (const [model, result] of (await reference) ?? new Map()) {
      theirs.push(
        score(`R ${model}`, train, test, result.forecasts, result.seconds, result.failures, set.scaleSeason),
      );
    }
    const arima = theirs.find((scores) => scores.label === 'R arima');
    const ets = theirs.find((scores) => scores.label === 'R ets');
    const setLines: string[] = [];
    for (const scores of [...ours, ...theirs]) {
      setLines.push(
        `| ${set.name} | ${scores.label} | ${format(scores.smape, 2)} | ${format(scores.mase)} | ${format(scores.mape, 2)} | ${format(scores.shareMapeBelow15, 2)} | ${format(scores.coverage95, 3)} | ${format(scores.msis, 2)} | ${format(scores.secondsPerSeries, 3)} | ${arima ? format(scores.mase / arima.mase) : '-'} | ${ets ? format(scores.mase / ets.mase) : '-'} | ${arima ? format(scores.secondsPerSeries / arima.secondsPerSeries, 2) : '-'} | ${scores.failures} |`,
      );
    }
    // Partial results as each set finishes: a full run takes a while.
    process.stderr.write(`${setLines.join('\n')}\n`);
    lines.push(...setLines);
  }
  return lines.join('\n');
}
