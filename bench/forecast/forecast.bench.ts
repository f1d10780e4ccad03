import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { createRandom } from '../internal/create-random.js';

const run = promisify(execFile);

/** A benchmark set of ../shared/data/forecast (horizon and periods from its README). */
export interface BenchSet {
  readonly name: string;
  readonly horizon: number;
  /** Seasonal period given to the models. */
  readonly season: number;
  /** Seasonal period of the MASE and MSIS scale (M4 rule). */
  readonly scaleSeason: number;
  /**
   * All cycles of the data (README of the data folder), given to our models as `seasonPeriods` (only `mstl`, and
   * `auto` through it, use more than `season`); R's models get `season` alone, as `ts(frequency = season)`.
   */
  readonly seasonPeriods?: readonly number[];
}

export const sets: readonly BenchSet[] = [
  { name: 'm3_monthly', horizon: 18, season: 12, scaleSeason: 12 },
  { name: 'tourism_monthly', horizon: 24, season: 12, scaleSeason: 12 },
  { name: 'm4_monthly', horizon: 18, season: 12, scaleSeason: 12 },
  { name: 'm4_weekly', horizon: 13, season: 1, scaleSeason: 1 },
  { name: 'm4_daily', horizon: 14, season: 1, scaleSeason: 1 },
  { name: 'm4_hourly', horizon: 48, season: 24, scaleSeason: 24, seasonPeriods: [24, 168] },
];

export interface Series {
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
  /** MASE of each scored series, by id (for the paired bootstrap of the ratios). */
  readonly maseById: ReadonlyMap<string, number>;
  /** Held-out values inside the 95% interval and held-out values, per scored series. */
  readonly coveredById: ReadonlyMap<string, readonly [number, number]>;
}

/** Reads a long `unique_id,ds,y` file (rows of a series contiguous and in time order, as in the data set). */
export function readLong(path: string): Series[] {
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
      entry = { id, values: [] };
      byId.set(id, entry);
      series.push(entry);
    }
    entry.values.push(Number(line.slice(last + 1)));
  }
  return series;
}

/**
 * A seeded simple random sample of `size` series, kept in file order (a Fisher-Yates shuffle driven by
 * mulberry32): the first series of a file are not representative (M3 and tourism files are sorted by id, which
 * groups similar series), and a fixed seed keeps iterations comparable.
 */
export function sampleSeries(series: readonly Series[], size: number, seed: number): Series[] {
  if (size <= 0 || size >= series.length) return [...series];
  const random = createRandom(seed);
  const order = series.map((_, index) => index);
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  const chosen = new Set(order.slice(0, size));
  return series.filter((_, index) => chosen.has(index));
}

/** `--name value` from the command line, else the environment variable, else undefined. */
function argument(name: string, environment: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  if (index >= 0 && index + 1 < process.argv.length) return process.argv[index + 1];
  return process.env[environment];
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
  const maseById = new Map<string, number>();
  const coveredById = new Map<string, readonly [number, number]>();
  for (const series of train) {
    const actual = test.get(series.id);
    const predicted = forecasts.get(series.id);
    if (actual === undefined || predicted === undefined) continue;
    const scale = series.values.length > scaleSeason ? scaleSeason : 1;
    smapeSum += smape(actual, predicted.mean);
    const seriesMase = mase(actual, predicted.mean, series.values, scale) ?? 0;
    maseSum += seriesMase;
    maseById.set(series.id, seriesMase);
    const seriesMape = mape(actual, predicted.mean) ?? 0;
    mapeSum += seriesMape;
    if (seriesMape < 15) below15++;
    const seriesCovered = coverage(actual, predicted.lower95, predicted.upper95) * actual.length;
    covered += seriesCovered;
    coveredById.set(series.id, [seriesCovered, actual.length]);
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
    maseById,
    coveredById,
  };
}

/**
 * 90% paired bootstrap interval (percentile, 2000 resamples of the series, seeded) of the ratio of mean MASEs
 * of two models on the series both scored: how far a ratio measured on a sample of a few dozen series can move
 * by the choice of series alone.
 */
function bootstrapRatio(
  ours: ReadonlyMap<string, number>,
  theirs: ReadonlyMap<string, number>,
  seed: number,
  resamples = 2000,
): { lower: number; upper: number } | undefined {
  return bootstrapPairs(
    [...ours]
      .filter(([id]) => theirs.has(id))
      .map(([id, value]) => [value, theirs.get(id) as number] as const),
    seed,
    resamples,
  );
}

/** 90% percentile bootstrap interval of `sum(left) / sum(right)` over resampled pairs (e.g. covered / held out). */
function bootstrapPairs(
  pairs: readonly (readonly [number, number])[],
  seed: number,
  resamples = 2000,
): { lower: number; upper: number } | undefined {
  if (pairs.length < 2) return undefined;
  const random = createRandom(seed);
  const ratios: number[] = [];
  for (let resample = 0; resample < resamples; resample++) {
    let numerator = 0;
    let denominator = 0;
    for (let draw = 0; draw < pairs.length; draw++) {
      const [left, right] = pairs[Math.floor(random() * pairs.length)] as readonly [number, number];
      numerator += left;
      denominator += right;
    }
    if (denominator > 0) ratios.push(numerator / denominator);
  }
  ratios.sort((left, right) => left - right);
  const at = (probability: number): number =>
    ratios[Math.min(ratios.length - 1, Math.floor(probability * ratios.length))] as number;
  return ratios.length === 0 ? undefined : { lower: at(0.05), upper: at(0.95) };
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

/** How seconds are measured: `cpu` (the process's own CPU time) or `wall` (elapsed time). */
type Clock = 'cpu' | 'wall';

function startClock(clock: Clock): () => number {
  if (clock === 'wall') {
    const start = performance.now();
    return () => (performance.now() - start) / 1000;
  }
  const start = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1e6;
  };
}

async function runR(
  set: BenchSet,
  dataDirectory: string,
  ids: readonly string[],
  output: string,
  clock: Clock,
): Promise<Map<string, { forecasts: Map<string, PointForecast>; seconds: number; failures: number }>> {
  const script = fileURLToPath(new URL('./run-r.R', import.meta.url));
  const idsFile = `${output}.ids`;
  const idsText = `${ids.join('\n')}\n`;
  // R's forecasts for a set, sample and clock do not change between runs of our models, and R takes minutes
  // per set: BENCH_R_CACHE=1 reuses the output of an earlier complete run on the same series.
  const cached =
    process.env.BENCH_R_CACHE === '1' &&
    existsSync(output) &&
    existsSync(idsFile) &&
    readFileSync(idsFile, 'utf8') === idsText;
  if (!cached) await runRScript();
  return readROutput(output);

  async function runRScript(): Promise<void> {
    rmSync(idsFile, { force: true });
    const idsInput = `${output}.input`;
    writeFileSync(idsInput, idsText);
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
        '--ids',
        idsInput,
        '--clock',
        clock === 'cpu' ? 'cpu' : 'elapsed',
        '--timeout',
        process.env.BENCH_R_TIMEOUT ?? '120',
        '--out',
        output,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    // Written last, so that an interrupted run is never taken for a complete one.
    writeFileSync(idsFile, idsText);
  }
}

function readROutput(
  output: string,
): Map<string, { forecasts: Map<string, PointForecast>; seconds: number; failures: number }> {
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
  clock: Clock,
): { forecasts: Map<string, PointForecast>; seconds: number; failures: number } {
  const forecasts = new Map<string, PointForecast>();
  let failures = 0;
  const elapsed = startClock(clock);
  for (const series of train) {
    try {
      const result = forecast(
        {
          id: series.id,
          frequency: 'period',
          timestamps: series.values.map((_, index) => index),
          values: series.values,
        },
        {
          horizon: set.horizon,
          seasonPeriod: set.season,
          ...(set.seasonPeriods === undefined ? {} : { seasonPeriods: [...set.seasonPeriods] }),
          model,
          levels: [95],
        },
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
  return { forecasts, seconds: elapsed(), failures };
}

const format = (value: number, digits = 3): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/**
 * Forecast accuracy and speed of our models against R's forecast package (auto.arima, ets, thetaf) on the sets in
 * ../shared/data/forecast, measured in the same run. Options (command line, else environment):
 * `--sample N` / BENCH_SERIES (a seeded random sample of N series per set, 0 = all), `--seed S` / BENCH_SEED
 * (default 42), `--sets a,b` / BENCH_SETS (set names), `--models a,b` / BENCH_MODELS (ours, default
 * auto,ensemble,ets,arima,theta), `--clock cpu|wall` / BENCH_CLOCK (default cpu: each process's own CPU time,
 * which other jobs on a shared machine disturb far less than elapsed time), BENCH_R=0 (skip R),
 * BENCH_R_TIMEOUT (elapsed seconds per R fit, default 120), BENCH_R_CACHE=1 (reuse R's output of an earlier
 * complete run on the same series with the same clock; `--models none` runs R alone to fill it).
 */
export async function runForecastBench(dataDirectory: string, scratch: string): Promise<string> {
  mkdirSync(scratch, { recursive: true });
  const sample = Number(argument('sample', 'BENCH_SERIES') ?? 0);
  const seed = Number(argument('seed', 'BENCH_SEED') ?? 42);
  const only = argument('sets', 'BENCH_SETS')?.split(',');
  const modelList = argument('models', 'BENCH_MODELS') ?? 'auto,ensemble,ets,arima,theta';
  // `none` runs R alone (e.g. to fill the R cache).
  const models = (modelList === 'none' ? [] : modelList.split(',')) as ForecastModelName[];
  const clock: Clock = argument('clock', 'BENCH_CLOCK') === 'wall' ? 'wall' : 'cpu';
  const withR = ensureR();
  const notes: string[] = [];
  const lines: string[] = [
    `series per set: ${sample > 0 ? `seeded sample of ${sample} (seed ${seed})` : 'all'}; R: ${withR ? 'forecast package (auto.arima, ets, thetaf)' : 'skipped'}; seconds: ${clock === 'cpu' ? 'CPU time of each process' : 'elapsed'}`,
    '',
    '| set | model | sMAPE | MASE | MAPE | MAPE<15% | cov95 | MSIS | s/series | MASE / R arima | MASE / R ets | time / R arima | failures |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const set of sets) {
    if (only !== undefined && !only.includes(set.name)) continue;
    const train = sampleSeries(readLong(join(dataDirectory, `${set.name}_dev.csv`)), sample, seed);
    const test = new Map(
      readLong(join(dataDirectory, `${set.name}_test.csv`)).map((series) => [series.id, series.values]),
    );
    // R runs in a child process while our models run here (one core each on a two-core machine).
    const reference = withR
      ? runR(
          set,
          dataDirectory,
          train.map((series) => series.id),
          join(scratch, `${set.name}_${sample > 0 ? `${sample}s${seed}` : 'all'}_${clock}_r.csv`),
          clock,
        )
      : undefined;
    const ours: Scores[] = [];
    for (const model of models) {
      const result = runOurs(set, train, model, clock);
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
    const auto = ours.find((scores) => scores.label === 'auto');
    const intervals = [arima, ets].flatMap((reference) => {
      const interval =
        auto === undefined || reference === undefined
          ? undefined
          : bootstrapRatio(auto.maseById, reference.maseById, seed);
      return interval === undefined
        ? []
        : [`auto / ${reference?.label} ${format(interval.lower)}-${format(interval.upper)}`];
    });
    const coverageInterval =
      auto === undefined ? undefined : bootstrapPairs([...auto.coveredById.values()], seed);
    if (coverageInterval !== undefined) {
      intervals.push(`auto cov95 ${format(coverageInterval.lower)}-${format(coverageInterval.upper)}`);
    }
    if (intervals.length > 0) notes.push(`${set.name}: ${intervals.join(', ')}`);
    // Partial results as each set finishes: a full run takes a while.
    process.stderr.write(`${setLines.join('\n')}\n`);
    lines.push(...setLines);
  }
  if (notes.length > 0) {
    lines.push(
      '',
      '`auto`: MASE ratios and 95% coverage, 90% bootstrap intervals over the sampled series:',
      ...notes,
    );
  }
  return lines.join('\n');
}
