// Synthetic daily series with known components for the decomposable model's tests (no external source: every
// series is generated here from the package's seeded normal generator, so the truth is exact by construction).
import { createNormalSource } from '../../internal/create-normal-source.js';

export const millisecondsPerDay = 86_400_000;

/** Daily UTC-midnight timestamps from `start` (`YYYY-MM-DD`). */
export function dailyTimestamps(start: string, count: number): number[] {
  const first = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) => first + index * millisecondsPerDay);
}

/** Gaussian noise with standard deviation `sigma`, deterministic for `seed`. */
export function gaussianNoise(count: number, sigma: number, seed: number): number[] {
  const normal = createNormalSource(seed);
  return Array.from({ length: count }, () => sigma * normal.next());
}

/** Days since 1970-01-01, the Fourier time of the model. */
export function dayNumber(timestamp: number): number {
  return timestamp / millisecondsPerDay;
}

/** `true` on 25 December (UTC). */
export function isChristmas(timestamp: number): boolean {
  const date = new Date(timestamp);
  return date.getUTCMonth() === 11 && date.getUTCDate() === 25;
}
