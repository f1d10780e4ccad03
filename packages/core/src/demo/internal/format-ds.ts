import type { TimeSeries } from '../../model/series.js';
import { toLocalDateParts } from '../../time/to-local-date-parts.js';
import { formatIsoDate } from './civil-date.js';

/**
 * The `ds` text of one timestamp of `series` (see `toLongCsv`). `cache` memoises local dates by zone and
 * instant, since every series of a data set usually shares the same timestamps.
 */
export function formatDs(
  series: Pick<TimeSeries, 'frequency' | 'timeZone'>,
  timestamp: number,
  cache: Map<string, string>,
): string {
  switch (series.frequency) {
    case 'period':
      return String(timestamp);
    case 'hour':
    case 'minute':
      return new Date(timestamp).toISOString();
    default: {
      const key = `${series.timeZone}\u0000${timestamp}`;
      let date = cache.get(key);
      if (date === undefined) {
        date = formatIsoDate(toLocalDateParts(timestamp, series.timeZone));
        cache.set(key, date);
      }
      return date;
    }
  }
}

/** Quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180). */
export function toCsvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
