import type { TimeSeries } from '../model/series.js';
import { formatDs, toCsvField } from './internal/format-ds.js';

/**
 * The series as long-format CSV, the data contract of `dyocense forecast` and `dyocense inspect`: a header
 * `unique_id,ds,y`, then one row per value, series by series in the given order, each in time order.
 *
 * `ds` is the local calendar date `YYYY-MM-DD` in the series' time zone (daily and coarser series), the UTC
 * instant in ISO 8601 for `hour` and `minute` series, and the integer index for `period` series. A missing
 * value (`null`) leaves `y` empty. Lines end with `\n`, including the last.
 *
 * @example
 * const csv = toLongCsv(generateDemoBusiness());
 * // unique_id,ds,y
 * // shop-1/orders,2023-01-01,114
 */
export function toLongCsv(data: { readonly series: readonly TimeSeries[] }): string {
  const lines = ['unique_id,ds,y'];
  const cache = new Map<string, string>();
  for (const series of data.series) {
    const id = toCsvField(series.id);
    for (let index = 0; index < series.timestamps.length; index++) {
      const value = series.values[index];
      const ds = formatDs(series, series.timestamps[index] as number, cache);
      lines.push(`${id},${ds},${value === null || value === undefined ? '' : String(value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
