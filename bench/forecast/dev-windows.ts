// Development windows and the scores of forecasting rules on them, shared by the dev-*.ts scripts.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mase, smape } from '../../packages/forecast/src/index.js';
import { type BenchSet, readLong, sampleSeries, sets } from './forecast.bench.js';

/** One held-out window of a training series. */
export interface DevelopmentWindow {
  readonly id: string;
  readonly history: number[];
  readonly actual: number[];
}

/**
 * The last horizon (or, with `offset` k, the horizon k horizons earlier) of each training series of a seeded
 * sample of `setName`'s `_dev.csv`, never the test windows; windows whose history is shorter than 20 are left out.
 */
export function developmentWindows(
  setName: string,
  size: number,
  seed: number,
  offset: number,
): { readonly set: BenchSet; readonly sampled: number; readonly windows: DevelopmentWindow[] } {
  const set = sets.find((candidate) => candidate.name === setName);
  if (set === undefined) throw new Error(`unknown set ${setName}`);
  const dataDirectory = fileURLToPath(new URL('../../../shared/data/forecast/', import.meta.url));
  const sample = sampleSeries(readLong(join(dataDirectory, `${set.name}_dev.csv`)), size, seed);
  const windows = sample.flatMap((series) => {
    const end = series.values.length - offset * set.horizon;
    const history = series.values.slice(0, end - set.horizon);
    return history.length < 20
      ? []
      : [{ id: series.id, history, actual: series.values.slice(end - set.horizon, end) }];
  });
  return { set, sampled: sample.length, windows };
}

/** MASE (seasonal-naive scale with `scaleSeason`, 1 when the history is too short) and sMAPE per rule. */
export class RuleScores {
  private readonly totals = new Map<string, { mase: number[]; smape: number[] }>();

  constructor(private readonly scaleSeason: number) {}

  add(rule: string, actual: readonly number[], mean: readonly number[], history: readonly number[]): void {
    const entry = this.totals.get(rule) ?? { mase: [], smape: [] };
    const period = history.length > this.scaleSeason ? this.scaleSeason : 1;
    const scaled = mase(actual, mean, history, period);
    if (scaled !== null && Number.isFinite(scaled)) entry.mase.push(scaled);
    entry.smape.push(smape(actual, mean));
    this.totals.set(rule, entry);
  }

  /** Markdown table sorted by MASE, with each rule's MASE relative to `baseRule`'s. */
  table(baseRule: string): string {
    const average = (values: readonly number[]): number =>
      values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
    const base = average(this.totals.get(baseRule)?.mase ?? []);
    const rows = [...this.totals]
      .sort((left, right) => average(left[1].mase) - average(right[1].mase))
      .map(
        ([rule, entry]) =>
          `| ${rule} | ${average(entry.mase).toFixed(4)} | ${(average(entry.mase) / base).toFixed(3)} | ${average(entry.smape).toFixed(2)} |`,
      );
    return [`| rule | MASE | MASE / ${baseRule} | sMAPE |`, '|---|---|---|---|', ...rows].join('\n');
  }
}
