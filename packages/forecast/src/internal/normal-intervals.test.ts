import { normalQuantile } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { normalIntervals } from './normal-intervals.js';

describe('normalIntervals', () => {
  it('gives mean ± qnorm(0.5 + level / 200) · standard error at each level', () => {
    const [interval] = normalIntervals([10, 20], [1, 2], [95]);
    const z = normalQuantile(0.975);
    expect(interval).toEqual({ level: 95, lower: [10 - z, 20 - 2 * z], upper: [10 + z, 20 + 2 * z] });
  });

  it('returns one interval per level, in the order given', () => {
    expect(normalIntervals([0], [1], [95, 80]).map((interval) => interval.level)).toEqual([95, 80]);
  });
});
