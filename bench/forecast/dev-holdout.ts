// Development windows for choosing `auto` rules without the test windows: the last horizon of each training
// series of a seeded sample is held out, `auto` and its combination members are fitted on the rest, and
// combination rules are scored on the held-out values. Not part of `pnpm bench`; run with
//   node --conditions=@dyocense/source --import tsx bench/forecast/dev-holdout.ts SET SIZE SEED
// (e.g. `m3_monthly 80 7`). Prints MASE (M4 scale period) and sMAPE per rule, and auto's 95% coverage.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Combination,
  combineForecasts,
  type ForecastModelName,
  forecast,
  mase,
  smape,
} from '../../packages/forecast/src/index.js';
import { readLong, sampleSeries, sets } from './forecast.bench.js';

const members = ['ets', 'arima', 'theta'] as const;
type Member = (typeof members)[number];

interface Row {
  readonly forecasts: Record<string, number[]>;
  readonly lower95: number[];
  readonly upper95: number[];
  /** Members of auto's combination (empty when auto chose a single model) and their CV MASE. */
  readonly combined: readonly string[];
  readonly cvScore: Partial<Record<Member, number>>;
  readonly history: number[];
  readonly actual: number[];
}

function rulesOf(row: Row): Record<string, number[]> {
  const own = (name: string): number[] => row.forecasts[name] as number[];
  const combine = (names: readonly string[], how: Combination): number[] =>
    combineForecasts(names.map(own), how);
  const scores = members.map((name) => row.cvScore[name]);
  const pruned = (factor: number): string[] => {
    if (scores.some((score) => score === undefined)) return [...members];
    const best = Math.min(...(scores as number[]));
    return members.filter((_, index) => (scores[index] as number) <= factor * best);
  };
  const rules: Record<string, number[]> = { auto: own('auto') };
  for (const name of members) rules[name] = own(name);
  for (const how of ['median', 'mean'] as const) {
    rules[`${how} of all three`] = combine(members, how);
    rules[`${how}, pruned at 1.5x`] = combine(pruned(1.5), how);
    rules[`${how}, pruned at 2x`] = combine(pruned(2), how);
  }
  // auto as it is, but the mean instead of the median when it keeps the combination.
  rules['auto with mean'] = row.combined.length > 0 ? combine(row.combined, 'mean') : own('auto');
  return rules;
}

const [setName = 'm3_monthly', sizeText = '80', seedText = '7'] = process.argv.slice(2);
const set = sets.find((candidate) => candidate.name === setName);
if (set === undefined) throw new Error(`unknown set ${setName}`);
const dataDirectory = fileURLToPath(new URL('../../../shared/data/forecast/', import.meta.url));
const sample = sampleSeries(
  readLong(join(dataDirectory, `${set.name}_dev.csv`)),
  Number(sizeText),
  Number(seedText),
);
const totals = new Map<string, { mase: number[]; smape: number[] }>();
let covered = 0;
let points = 0;
for (const series of sample) {
  const history = series.values.slice(0, series.values.length - set.horizon);
  const actual = series.values.slice(series.values.length - set.horizon);
  const run = (model: ForecastModelName) =>
    forecast(
      { id: series.id, frequency: 'period', timestamps: history.map((_, index) => index), values: history },
      {
        horizon: set.horizon,
        seasonPeriod: set.season,
        ...(set.seasonPeriods === undefined ? {} : { seasonPeriods: [...set.seasonPeriods] }),
        model,
        levels: [95],
      },
    );
  const auto = run('auto');
  const forecasts: Record<string, number[]> = { auto: auto.points.map((point) => point.mean) };
  for (const name of members) forecasts[name] = run(name).points.map((point) => point.mean);
  const cvScore: Partial<Record<Member, number>> = {};
  for (const score of auto.diagnostics.crossValidation) {
    if ((members as readonly string[]).includes(score.model)) {
      cvScore[score.model as Member] = score.mase ?? score.mae;
    }
  }
  const row: Row = {
    forecasts,
    lower95: auto.points.map((point) => point.intervals[0]?.lower ?? point.mean),
    upper95: auto.points.map((point) => point.intervals[0]?.upper ?? point.mean),
    combined:
      auto.diagnostics.model === 'ensemble'
        ? (auto.diagnostics.ensemble ?? []).map((member) => member.name)
        : [],
    cvScore,
    history,
    actual,
  };
  row.actual.forEach((value, step) => {
    points++;
    if (value >= (row.lower95[step] as number) && value <= (row.upper95[step] as number)) covered++;
  });
  for (const [rule, mean] of Object.entries(rulesOf(row))) {
    const entry = totals.get(rule) ?? { mase: [], smape: [] };
    const scaled = mase(actual, mean, history, history.length > set.scaleSeason ? set.scaleSeason : 1);
    if (scaled !== null && Number.isFinite(scaled)) entry.mase.push(scaled);
    entry.smape.push(smape(actual, mean));
    totals.set(rule, entry);
  }
}
const average = (values: readonly number[]): number =>
  values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
const base = average(totals.get('auto')?.mase ?? []);
console.log(`${set.name}: ${sample.length} series (seed ${seedText}), last ${set.horizon} points held out`);
console.log(`auto 95% coverage ${(covered / points).toFixed(3)}`);
console.log('| rule | MASE | MASE / auto | sMAPE |\n|---|---|---|---|');
for (const [rule, entry] of [...totals].sort(
  (left, right) => average(left[1].mase) - average(right[1].mase),
)) {
  console.log(
    `| ${rule} | ${average(entry.mase).toFixed(4)} | ${(average(entry.mase) / base).toFixed(3)} | ${average(entry.smape).toFixed(2)} |`,
  );
}
