import { describe, expect, it } from 'vitest';
import { inverseNormalLoss, normalLoss } from './normal.js';

describe('normalLoss', () => {
  // Snyder & Shen, Fundamentals of Supply Chain Theory (2nd ed.), standard normal loss function as encoded in
  // LarrySnyder/stockpyl tests/test_loss_functions.py (TestStandardNormalLoss).
  it('reproduces the standard normal loss values of Snyder & Shen (stockpyl)', () => {
    expect(normalLoss(-1.4)).toBeCloseTo(1.436668142708465, 14);
    expect(normalLoss(0.3)).toBeCloseTo(0.26676124211721, 14);
    expect(normalLoss(3.1)).toBeCloseTo(2.672490952231408e-4, 15);
  });

  it('is inverted by inverseNormalLoss across the whole range', () => {
    for (const z of [-6, -1.4, 0, 0.3, 2, 4.5]) {
      expect(inverseNormalLoss(normalLoss(z))).toBeCloseTo(z, 9);
    }
  });
});
