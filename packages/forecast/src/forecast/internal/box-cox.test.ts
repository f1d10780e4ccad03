import { describe, expect, it } from 'vitest';
import { boxCox, guerreroLambda, inverseBoxCox } from './box-cox.js';

describe('boxCox', () => {
  it('is the log for lambda 0 and (y^l - 1) / l otherwise', () => {
    expect(boxCox(Math.E, 0)).toBeCloseTo(1, 12);
    expect(boxCox(9, 0.5)).toBe(4);
    expect(inverseBoxCox(4, 0.5)).toBe(9);
  });

  it('bias-adjusts the back-transformed mean', () => {
    // log scale: mean = e^w (1 + s^2 / 2).
    expect(inverseBoxCox(0, 0, 0.5)).toBeCloseTo(1.25, 12);
    // lambda 0.5, w = 4: 9 * (1 + 0.5 * 0.5 / (2 * 9)).
    expect(inverseBoxCox(4, 0.5, 0.5)).toBeCloseTo(9 * (1 + 0.25 / 18), 12);
  });
});

describe('guerreroLambda', () => {
  it('chooses a lambda near 0 when the spread grows in proportion to the level', () => {
    const values = Array.from({ length: 96 }, (_, index) => {
      const level = 10 * 1.05 ** index;
      return level * (1 + 0.2 * Math.sin((2 * Math.PI * index) / 12));
    });
    expect(Math.abs(guerreroLambda(values, 12))).toBeLessThan(0.15);
  });

  it('chooses a lambda near 1 when the spread is constant', () => {
    const values = Array.from(
      { length: 96 },
      (_, index) => 100 + index + 5 * Math.sin((2 * Math.PI * index) / 12),
    );
    expect(guerreroLambda(values, 12)).toBeGreaterThan(0.7);
  });

  it('returns 1 when fewer than two seasons fit', () => {
    expect(guerreroLambda([1, 2, 3], 12)).toBe(1);
  });
});
