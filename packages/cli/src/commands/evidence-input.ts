import { resolve } from 'node:path';
import { DyocenseError } from '@dyocense/core';
import { ingestFile } from '@dyocense/core/ingest';

/** A wide table as the evidence engine takes it: one aligned series per metric plus ISO dates. */
export interface WideTable {
  readonly dates: string[];
  readonly series: Record<string, number[]>;
}

/**
 * Reads a wide CSV or Excel file (a date column plus one column per metric) through core's ingestion and
 * aligns the metrics on their common dates.
 *
 * @throws DyocenseError `invalid_input` when a metric has a gap or metrics cover different dates: the evidence
 * methods need equally spaced, complete series, and silently filling gaps would invent data.
 */
export async function readWideTable(path: string, cwd: string): Promise<WideTable> {
  const ingested = await ingestFile(resolve(cwd, path));
  const [first] = ingested.series;
  if (first === undefined) {
    throw new DyocenseError({ code: 'invalid_input', message: `${path} has no numeric metric columns` });
  }
  const series: Record<string, number[]> = {};
  for (const one of ingested.series) {
    if (
      one.timestamps.length !== first.timestamps.length ||
      one.timestamps.some((t, i) => t !== first.timestamps[i])
    ) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Misaligned dates: ${one.id} and ${first.id} cover different dates; give every metric a value on every date`,
      });
    }
    const missing = one.values.findIndex((value) => value === null || !Number.isFinite(value));
    if (missing >= 0) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `${one.id} has no value on ${new Date(one.timestamps[missing] as number).toISOString().slice(0, 10)}: fill or drop the gap first`,
      });
    }
    series[one.id] = one.values as number[];
  }
  return {
    dates: first.timestamps.map((timestamp) => new Date(timestamp).toISOString().slice(0, 10)),
    series,
  };
}
