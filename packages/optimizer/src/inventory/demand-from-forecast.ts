import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { normalQuantile } from '../internal/normal.js';

const pointsSchema = z
  .array(
    z.object({
      mean: z.number().finite(),
      intervals: z.array(
        z.object({
          level: z.number().gt(0).lt(100),
          lower: z.number().finite(),
          upper: z.number().finite(),
        }),
      ),
    }),
  )
  .min(1);

/** Per-period demand for an ordering problem (units per forecast period, e.g. per week). */
export interface DemandEstimate {
  readonly weeklyDemandMean: number;
  readonly weeklyDemandSd: number;
}

/**
 * Turns forecast points (the `points` of a `@dyocense/forecast` result: a mean and prediction intervals per
 * period) into the per-period demand mean and standard deviation of an ordering problem. Each interval at level
 * ℓ % is read as normal: sd = (upper − lower) / (2·Φ⁻¹(½ + ℓ/200)). The mean is the average point forecast
 * (negative means count as 0) and the sd the root mean square of the per-period sds, so the protection-interval
 * formulas (mean·P, sd·√P) apply.
 *
 * @param level - which interval to read, in percent; default the widest one of the first point.
 * @throws DyocenseError `invalid_input` when there are no points or a point lacks the interval.
 */
export function demandFromForecast(
  points: readonly { mean: number; intervals: readonly { level: number; lower: number; upper: number }[] }[],
  level?: number,
): DemandEstimate {
  const parsed = parseInput(pointsSchema, points, 'forecast points');
  const chosen =
    level ?? Math.max(...(parsed[0]?.intervals.map((interval) => interval.level) ?? [Number.NaN]));
  let squares = 0;
  let total = 0;
  parsed.forEach((point, index) => {
    const interval = point.intervals.find((candidate) => candidate.level === chosen);
    if (interval === undefined || !(interval.upper >= interval.lower)) {
      const message = `needs a ${chosen} % interval with lower ≤ upper`;
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Invalid forecast points: ${index}.intervals: ${message}`,
        issues: [{ path: [index, 'intervals'], message, code: 'custom' }],
      });
    }
    const sd = (interval.upper - interval.lower) / (2 * normalQuantile(0.5 + chosen / 200));
    squares += sd * sd;
    total += Math.max(0, point.mean);
  });
  return { weeklyDemandMean: total / parsed.length, weeklyDemandSd: Math.sqrt(squares / parsed.length) };
}
