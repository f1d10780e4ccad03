import { type Frequency, toLocalDateParts } from '@dyocense/core';

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * Formats a series timestamp for output: `period` indices as integers, local midnights of daily and coarser
 * series as the local date `YYYY-MM-DD` (in `timeZone`), anything else as an ISO 8601 UTC instant.
 */
export function formatTimestamp(timestamp: number, frequency: Frequency, timeZone: string): string {
  if (frequency === 'period') return String(timestamp);
  if (frequency !== 'minute' && frequency !== 'hour') {
    const parts = toLocalDateParts(timestamp, timeZone);
    if (parts.hour === 0 && parts.minute === 0 && parts.second === 0 && parts.millisecond === 0) {
      return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
    }
  }
  return new Date(timestamp).toISOString();
}
