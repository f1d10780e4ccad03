// Simulated series with known components for the public API's tests: generated here from the package's seeded
// normal generator, so the truth (cycles, holiday and promotion effects) is exact by construction.
import { createNormalSource } from '../../internal/create-normal-source.js';
import { normalQuantile } from '@dyocense/core';

const hour = 3_600_000;
const day = 86_400_000;

/** `count` hourly UTC timestamps from 2024-01-01 (a Monday). */
export function hourlyTimestamps(count: number): number[] {
  const first = Date.UTC(2024, 0, 1);
  return Array.from({ length: count }, (_, index) => first + index * hour);
}

/** `count` daily UTC-midnight timestamps from `start` (`YYYY-MM-DD`). */
export function dailyTimestamps(start: string, count: number): number[] {
  const first = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) => first + index * day);
}

/**
 * Hourly load with a daily cycle (amplitude 20) and a weekly cycle (amplitude 30, weekends low) on a level of
 * 200, plus N(0, 3²) noise.
 */
export function twoCycleLoad(count: number, seed = 7): number[] {
  const normal = createNormalSource(seed);
  return Array.from({ length: count }, (_, index) => {
    const daily = 20 * Math.sin((2 * Math.PI * index) / 24);
    const weekly = 30 * Math.cos((2 * Math.PI * index) / 168);
    return 200 + daily + weekly + 3 * normal.next();
  });
}

/** Seeded 0/1 flags with probability `share` of a 1. */
export function promotionFlags(count: number, share: number, seed = 11): number[] {
  const normal = createNormalSource(seed);
  // A standard normal draw falls below its `share` quantile with probability `share`.
  const threshold = normalQuantile(share);
  return Array.from({ length: count }, () => (normal.next() < threshold ? 1 : 0));
}

/** Daily sales: level 100, weekly pattern, +40 on promotion days, N(0, 4²) noise. */
export function promotedSales(promotions: readonly number[], seed = 5): number[] {
  const normal = createNormalSource(seed);
  return promotions.map(
    (promotion, index) => 100 + 10 * Math.sin((2 * Math.PI * index) / 7) + 40 * promotion + 4 * normal.next(),
  );
}

/** N(0, sigma²) noise, deterministic for `seed`. */
export function gaussianNoise(count: number, sigma: number, seed: number): number[] {
  const normal = createNormalSource(seed);
  return Array.from({ length: count }, () => sigma * normal.next());
}
