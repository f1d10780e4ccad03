import { describe, expect, it } from 'vitest';
import { sum } from './sum.js';

describe('sum', () => {
  it('adds the values left to right', () => {
    expect(sum([0.1, 0.2, 0.3])).toBe(0.1 + 0.2 + 0.3);
  });

  it('is 0 for no values', () => {
    expect(sum([])).toBe(0);
  });
});
