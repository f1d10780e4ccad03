import { DyocenseError } from '@dyocense/core';
import { z } from 'zod';
import type { EtsErrorType, EtsIntervalOptions, EtsSeasonType, EtsTrendType } from '../fit-ets.js';

/** Largest seasonal period R's `ets` supports; longer cycles need a decomposition model. */
export const maxEtsSeasonPeriod = 24;

/** An `invalid_input` error with a user-facing message. */
export function invalid(message: string): DyocenseError {
  return new DyocenseError({ code: 'invalid_input', message });
}

/** Reads `y` into a Float64Array, rejecting non-finite values. */
export function toSeries(y: readonly number[]): Float64Array {
  if (!Array.isArray(y)) throw invalid('The series must be an array of numbers.');
  const series = new Float64Array(y.length);
  for (let t = 0; t < y.length; t++) {
    const value = y[t];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw invalid(`The series must contain only finite numbers; position ${t} is ${String(value)}.`);
    }
    series[t] = value;
  }
  return series;
}

/** Specification label in the Hyndman et al. notation, e.g. `ETS(M,Ad,M)`. */
export function etsLabel(error: EtsErrorType, trend: EtsTrendType, season: EtsSeasonType): string {
  return `ETS(${error},${trend},${season})`;
}

/** Minimum series length R's `ets` needs to estimate the model (it needs `n > parameters + 4`). */
export function etsMinimumLength(trend: EtsTrendType, season: EtsSeasonType, seasonPeriod: number): number {
  let parameters = 2;
  if (trend !== 'N') parameters += 2;
  if (season !== 'N') parameters += seasonPeriod;
  if (trend === 'Ad') parameters += 1;
  return parameters + 5;
}

/** Schema of {@link EtsIntervalOptions}, shared by `fitEts` and `autoEts`. */
export const intervalOptionsSchema = z.object({
  method: z.enum(['analytic', 'simulated']).optional(),
  paths: z.number().int().min(100).max(1_000_000).optional(),
  seed: z.number().int().optional(),
});

/** Drops absent keys so the parsed options satisfy `exactOptionalPropertyTypes`. */
export function toIntervalOptions(
  parsed:
    | { method?: 'analytic' | 'simulated' | undefined; paths?: number | undefined; seed?: number | undefined }
    | undefined,
): EtsIntervalOptions {
  return {
    ...(parsed?.method === undefined ? {} : { method: parsed.method }),
    ...(parsed?.paths === undefined ? {} : { paths: parsed.paths }),
    ...(parsed?.seed === undefined ? {} : { seed: parsed.seed }),
  };
}
