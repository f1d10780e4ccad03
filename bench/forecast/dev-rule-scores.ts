// Scores of forecasting rules on development windows, shared by the dev-*.ts scripts.
import { mase, smape } from '../../packages/forecast/src/index.js';

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
