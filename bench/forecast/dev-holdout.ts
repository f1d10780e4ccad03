// Development windows for choosing `auto` rules without the test windows: the last horizon of each training
// series of a seeded sample is held out, `auto` and its combination members are fitted on the rest, and
// combination rules are scored on the held-out values. Not part of `pnpm bench`; run with
//   node --conditions=@dyocense/source --import tsx bench/forecast/dev-holdout.ts SET SIZE SEED
// (e.g. `m3_monthly 80 7`); an optional fourth argument OFFSET k holds out the horizon k horizons before the
// end instead (more windows from the same series). Prints MASE (M4 scale period) and sMAPE per rule, and auto's
// 95% coverage. `optimized_theta` (DOTM) and `ces` are fitted too and scored as possible members.
import {
  type Combination,
  combineForecasts,
  type ForecastModelName,
  forecast,
} from '../../packages/forecast/src/index.js';
import { developmentWindows, RuleScores } from './dev-windows.js';

const members = ['ets', 'arima', 'theta', 'optimized_theta', 'ces'] as const;
const current = ['ets', 'arima', 'theta'] as const;
const withDotm = ['ets', 'arima', 'optimized_theta'] as const;
const withDotmAndTheta = ['ets', 'arima', 'theta', 'optimized_theta'] as const;
const withCes = ['ets', 'arima', 'theta', 'ces'] as const;
// The M4 combination of Petropoulos & Svetunkov (6th overall).
const m4Combination = ['ets', 'arima', 'ces', 'optimized_theta'] as const;
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
  const pruned = (names: readonly Member[], factor: number): string[] => {
    const scores = names.map((name) => row.cvScore[name]);
    if (scores.some((score) => score === undefined)) return [...names];
    const best = Math.min(...(scores as number[]));
    return names.filter((_, index) => (scores[index] as number) <= factor * best);
  };
  const rules: Record<string, number[]> = { auto: own('auto') };
  for (const name of members) rules[name] = own(name);
  for (const [label, names] of [
    ['E+A+T', current],
    ['E+A+DOTM', withDotm],
    ['E+A+T+DOTM', withDotmAndTheta],
    ['E+A+T+CES', withCes],
    ['E+A+CES+DOTM', m4Combination],
  ] as const) {
    for (const how of ['median', 'mean'] as const) {
      rules[`${label} ${how}, all`] = combine(names, how);
      rules[`${label} ${how}, pruned at 2x`] = combine(pruned(names, 2), how);
    }
  }
  // auto as it is, but the mean instead of the median when it keeps the combination.
  rules['auto with mean'] = row.combined.length > 0 ? combine(row.combined, 'mean') : own('auto');
  return rules;
}

const [setName = 'm3_monthly', sizeText = '80', seedText = '7', offsetText = '0'] = process.argv.slice(2);
const { set, sampled, windows } = developmentWindows(
  setName,
  Number(sizeText),
  Number(seedText),
  Number(offsetText),
);
const scores = new RuleScores(set.scaleSeason);
let covered = 0;
let points = 0;
for (const { id, history, actual } of windows) {
  const run = (model: ForecastModelName, extra: object = {}) =>
    forecast(
      { id, frequency: 'period', timestamps: history.map((_, index) => index), values: history },
      {
        horizon: set.horizon,
        seasonPeriod: set.season,
        ...(set.seasonPeriods === undefined ? {} : { seasonPeriods: [...set.seasonPeriods] }),
        model,
        levels: [95],
        ...extra,
      },
    );
  const auto = run('auto');
  const forecasts: Record<string, number[]> = { auto: auto.points.map((point) => point.mean) };
  for (const name of members) forecasts[name] = run(name).points.map((point) => point.mean);
  const cvScore: Partial<Record<Member, number>> = {};
  // DOTM's and CES's rolling-origin scores on auto's design (same horizon, windows and step), from an ensemble run.
  const extraScores = run('ensemble', { members: ['optimized_theta', 'ces'] }).diagnostics.crossValidation;
  for (const score of [
    ...auto.diagnostics.crossValidation,
    ...extraScores.filter((s) => s.model === 'optimized_theta' || s.model === 'ces'),
  ]) {
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
  for (const [rule, mean] of Object.entries(rulesOf(row))) scores.add(rule, actual, mean, history);
}
console.log(
  `${set.name}: ${sampled} series (seed ${seedText}, offset ${offsetText}), ${set.horizon} points held out`,
);
console.log(`auto 95% coverage ${(covered / points).toFixed(3)}`);
console.log(scores.table('auto'));
