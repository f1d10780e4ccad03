// Other members for `auto`'s combination, compared on development windows (same windows as dev-holdout.ts: the
// last horizon, or OFFSET horizons earlier, of a seeded sample of the `*_dev.csv` training series; never the
// test windows). Seasonal sets only (the bagging below needs a seasonal STL). Run with
//   node --conditions=@dyocense/source --import tsx bench/forecast/dev-members.ts SET SIZE SEED OFFSET [B]
// Candidates: ETS with Akaike weights over its candidate forms (Kolassa 2011), bagged ETS on B bootstrap
// series (Bergmeir, Hyndman & Benitez 2016, BLD-MBB as R's `bld.mbb.bootstrap`: Box-Cox, periodic STL,
// moving-block bootstrap of the remainder with blocks of two cycles), damped-only ETS, and the median of the
// current members with one of them replaced or a fifth one added. Prints MASE (M4 scale period) relative to
// `auto` and sMAPE per rule.
import {
  boxCox,
  guerreroLambda,
  inverseBoxCox,
} from '../../packages/forecast/src/forecast/internal/box-cox.js';
import {
  autoEts,
  combineForecasts,
  decomposeStl,
  type EtsErrorType,
  type EtsSeasonType,
  type EtsTrendType,
  type ForecastModelName,
  fitEts,
  forecast,
} from '../../packages/forecast/src/index.js';
import { createRandom } from '../internal/create-random.js';
import { developmentWindows, RuleScores } from './dev-windows.js';

/** ETS forecasts of every fitted candidate form, weighted by exp(-ΔAICc / 2). */
function akaikeWeightedEts(history: readonly number[], period: number, horizon: number): number[] {
  const fitted = autoEts(history, { seasonPeriod: period }).candidates.filter((c) => c.aicc !== null);
  const best = Math.min(...fitted.map((candidate) => candidate.aicc as number));
  const sum = new Array<number>(horizon).fill(0);
  let weights = 0;
  for (const candidate of fitted) {
    const weight = Math.exp(-0.5 * ((candidate.aicc as number) - best));
    const form = /ETS\((\w),(\w+),(\w)\)/.exec(candidate.method);
    if (weight < 1e-4 || form === null) continue;
    const mean = fitEts(history, {
      seasonPeriod: period,
      error: form[1] as EtsErrorType,
      trend: form[2] as EtsTrendType,
      season: form[3] as EtsSeasonType,
    }).forecast(horizon, []).mean;
    mean.forEach((value, step) => {
      sum[step] = (sum[step] as number) + weight * value;
    });
    weights += weight;
  }
  return sum.map((value) => value / weights);
}

/** The series and B - 1 bootstrap copies (R's `bld.mbb.bootstrap` for a seasonal series). */
function bootstrapSeries(
  history: readonly number[],
  period: number,
  count: number,
  seed: number,
): number[][] {
  const random = createRandom(seed);
  // R bounds lambda to [0, 1]; Guerrero's objective has one minimum, so clamping gives the bounded minimiser.
  const lambda = Math.min(...history) > 1e-6 ? Math.min(1, Math.max(0, guerreroLambda(history, period))) : 1;
  const { trend, seasonal, remainder } = decomposeStl(
    history.map((value) => boxCox(value, lambda)),
    { period, seasonalWindow: 'periodic' },
  );
  const block = 2 * period;
  const n = history.length;
  const copies = [[...history]];
  for (let copy = 1; copy < count; copy++) {
    const resampled: number[] = [];
    for (let drawn = 0; drawn < Math.floor(n / block) + 2; drawn++) {
      const start = Math.floor(random() * (n - block + 1));
      resampled.push(...remainder.slice(start, start + block));
    }
    const shift = Math.floor(random() * block);
    copies.push(
      trend.map((level, t) =>
        inverseBoxCox(level + (seasonal[t] as number) + (resampled[shift + t] as number), lambda),
      ),
    );
  }
  return copies;
}

const [setName = 'm3_monthly', sizeText = '80', seedText = '7', offsetText = '0', bootstrapText = '20'] =
  process.argv.slice(2);
const { set, sampled, windows } = developmentWindows(
  setName,
  Number(sizeText),
  Number(seedText),
  Number(offsetText),
);
if (set.season < 2) throw new Error(`${setName} is not seasonal`);
const scores = new RuleScores(set.scaleSeason);
for (const { id, history, actual } of windows) {
  if (history.length <= 2 * set.season) continue;
  const run = (model: ForecastModelName): number[] =>
    forecast(
      { id, frequency: 'period', timestamps: history.map((_, index) => index), values: history },
      { horizon: set.horizon, seasonPeriod: set.season, model, levels: [95] },
    ).points.map((point) => point.mean);
  const own: Record<string, readonly number[]> = {};
  for (const model of [
    'auto',
    'ets',
    'arima',
    'ces',
    'optimized_theta',
    'theta',
    'mstl',
    'snaive',
    'naive2',
  ] as const) {
    own[model] = run(model);
  }
  own['ETS, Akaike weights'] = akaikeWeightedEts(history, set.season, set.horizon);
  own['ETS, damped only'] = autoEts(history, { seasonPeriod: set.season, damped: true }).forecast(
    set.horizon,
    [],
  ).mean;
  const bagged = bootstrapSeries(history, set.season, Number(bootstrapText), 1).flatMap((copy) => {
    try {
      const mean = autoEts(copy, { seasonPeriod: set.season }).forecast(set.horizon, []).mean;
      return mean.every(Number.isFinite) ? [mean] : [];
    } catch {
      return [];
    }
  });
  own['bagged ETS, mean'] = combineForecasts(bagged, 'mean');
  own['bagged ETS, median'] = combineForecasts(bagged, 'median');
  const combine = (names: readonly string[], how: 'mean' | 'median'): number[] =>
    combineForecasts(
      names.map((name) => own[name] ?? []),
      how,
    );
  const current = ['ets', 'arima', 'ces', 'optimized_theta'];
  const rules: Record<string, readonly number[]> = {
    ...own,
    'mean instead of median (no pruning)': combine(current, 'mean'),
  };
  for (const replacement of [
    'ETS, Akaike weights',
    'ETS, damped only',
    'bagged ETS, mean',
    'bagged ETS, median',
  ]) {
    rules[`median, ${replacement} instead of ETS`] = combine([replacement, ...current.slice(1)], 'median');
  }
  for (const fifth of ['theta', 'mstl', 'snaive', 'naive2', 'ETS, damped only', 'bagged ETS, mean']) {
    rules[`median, ${fifth} added`] = combine([...current, fifth], 'median');
  }
  for (const [rule, mean] of Object.entries(rules)) scores.add(rule, actual, mean, history);
}
console.log(`${set.name}: ${sampled} series (seed ${seedText}, offset ${offsetText}), B = ${bootstrapText}`);
console.log(scores.table('auto'));
