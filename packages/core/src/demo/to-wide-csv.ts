import { DyocenseError } from '../errors/index.js';
import type { TimeSeries } from '../model/series.js';
import { formatDs, toCsvField } from './internal/format-ds.js';

/**
 * The series as wide-format CSV: a header `ds,<id of each series>`, then one row per timestamp of any series
 * (ascending), with an empty cell where a series has no value. `ds` is formatted as in {@link toLongCsv}.
 * Lines end with `\n`, including the last.
 *
 * @throws DyocenseError `invalid_input` when the series do not share one frequency and one time zone (their
 *   rows would not line up), or when two series have the same id.
 * @example
 * const csv = toWideCsv(generateDemoBusiness({ shops: 1 }));
 * // ds,shop-1/orders,shop-1/coffee/revenue,...
 */
export function toWideCsv(data: { readonly series: readonly TimeSeries[] }): string {
  const first = data.series[0];
  if (first === undefined) return 'ds\n';
  const ids = new Set<string>();
  for (const series of data.series) {
    if (series.frequency !== first.frequency || series.timeZone !== first.timeZone) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Cannot write series "${series.id}" next to "${first.id}" in one wide table: their frequency or time zone differ`,
        details: { id: series.id },
      });
    }
    if (ids.has(series.id)) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Cannot write a wide table with two series named "${series.id}"`,
        details: { id: series.id },
      });
    }
    ids.add(series.id);
  }
  const columns = data.series.map((series) => {
    const values = new Map<number, number | null>();
    series.timestamps.forEach((timestamp, index) => {
      values.set(timestamp, series.values[index] ?? null);
    });
    return values;
  });
  const timestamps = [...new Set(data.series.flatMap((series) => series.timestamps))].sort(
    (left, right) => left - right,
  );
  const lines = [['ds', ...data.series.map((series) => toCsvField(series.id))].join(',')];
  const cache = new Map<string, string>();
  for (const timestamp of timestamps) {
    const cells = [formatDs(first, timestamp, cache)];
    for (const column of columns) {
      const value = column.get(timestamp);
      cells.push(value === null || value === undefined ? '' : String(value));
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
