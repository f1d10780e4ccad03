import { describe, expect, it } from 'vitest';
import { createNormalSource } from './create-normal-source.js';

function draws(seed: number, count: number): number[] {
  const source = createNormalSource(seed);
  return Array.from({ length: count }, () => source.next());
}

describe('createNormalSource', () => {
  it('gives the same stream for the same seed', () => {
    expect(draws(42, 50)).toEqual(draws(42, 50));
  });

  it('gives unrelated streams for nearby seeds', () => {
    expect(draws(1, 10)).not.toEqual(draws(2, 10));
  });

  it('draws with mean near 0 and variance near 1', () => {
    const values = draws(7, 20_000);
    const mean = values.reduce((total, value) => total + value, 0) / values.length;
    const variance = values.reduce((total, value) => total + (value - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
