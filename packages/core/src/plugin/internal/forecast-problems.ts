import type { ForecastIntervalV1, ForecastPointV1 } from '../spec/forecast-model-v1.js';

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * Everything wrong with a forecast against its contract: exactly `horizon` points numbered 1..horizon,
 * finite numbers, and, when the model has intervals, one interval per level in order with
 * `lower <= value <= upper` and each level's interval inside the next wider one. Without intervals the
 * lists must be empty. Reports at most 10 problems.
 */
export function forecastProblems(
  forecast: unknown,
  horizon: number,
  levels: readonly number[],
  intervals: boolean,
): string[] {
  const problems: string[] = [];
  const candidate = (forecast as { points?: unknown } | null)?.points;
  if (!Array.isArray(candidate)) return ['the forecast has no points array'];
  const points = candidate as readonly (Partial<ForecastPointV1> | undefined)[];
  if (points.length !== horizon) problems.push(`has ${points.length} points for a horizon of ${horizon}`);
  for (const [index, point] of points.entries()) {
    if (problems.length >= 10) break;
    const where = `point ${index + 1}`;
    if (point?.step !== index + 1)
      problems.push(`${where} has step ${String(point?.step)}, expected ${index + 1}`);
    const value = point?.value;
    if (point === undefined || !isFiniteNumber(value)) {
      problems.push(`${where} has a non-finite value ${String(value)}`);
      continue;
    }
    const bands = Array.isArray(point.intervals)
      ? (point.intervals as readonly (Partial<ForecastIntervalV1> | undefined)[])
      : undefined;
    if (bands === undefined) {
      problems.push(`${where} has no intervals array`);
      continue;
    }
    if (!intervals) {
      if (bands.length > 0) problems.push(`${where} has intervals but the model declares intervals: false`);
      continue;
    }
    if (bands.length !== levels.length) {
      problems.push(`${where} has ${bands.length} intervals for ${levels.length} levels`);
      continue;
    }
    bands.forEach((band, bandIndex) => {
      const level = levels[bandIndex];
      const label = `${where} interval ${String(level)}%`;
      if (band?.level !== level) problems.push(`${label} is labelled level ${String(band?.level)}`);
      if (!isFiniteNumber(band?.lower) || !isFiniteNumber(band?.upper)) {
        problems.push(`${label} has non-finite bounds`);
        return;
      }
      if (!(band.lower <= value && value <= band.upper)) {
        problems.push(`${label} [${band.lower}, ${band.upper}] does not contain the point forecast ${value}`);
      }
      const wider = bands[bandIndex + 1];
      if (
        wider !== undefined &&
        isFiniteNumber(wider.lower) &&
        isFiniteNumber(wider.upper) &&
        !(wider.lower <= band.lower && band.upper <= wider.upper)
      ) {
        problems.push(`${label} is not inside the ${String(levels[bandIndex + 1])}% interval`);
      }
    });
  }
  return problems.slice(0, 10);
}
