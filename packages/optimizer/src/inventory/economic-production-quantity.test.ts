import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { economicProductionQuantity } from './economic-production-quantity.js';

describe('economicProductionQuantity', () => {
  it('solves Snyder & Shen, Fundamentals of Supply Chain Theory (2nd ed.), Problem 3.22 (stockpyl test_eoq.py)', () => {
    const result = economicProductionQuantity({
      annualDemand: 80,
      productionRate: 110,
      setupCost: 4,
      holdingCost: 0.08,
    });
    expect(result.quantity).toBeCloseTo(171.2697677155351, 10);
    expect(result.annualCost).toBeCloseTo(3.73679493197531, 10);
  });

  it('solves Snyder & Shen Example 3.1 with production rate 2000 (stockpyl test_eoq.py)', () => {
    const result = economicProductionQuantity({
      annualDemand: 1300,
      productionRate: 2000,
      setupCost: 8,
      holdingCost: 0.225,
    });
    expect(result.quantity).toBeCloseTo(513.9328595516969, 10);
    expect(result.annualCost).toBeCloseTo(40.47221268969612, 10);
    expect(result.maxInventory).toBeCloseTo(result.quantity * (1 - 1300 / 2000), 12);
  });

  it('rejects a production rate at or below demand, naming productionRate', () => {
    try {
      economicProductionQuantity({ annualDemand: 100, productionRate: 100, setupCost: 1, holdingCost: 1 });
      expect.unreachable();
    } catch (error) {
      expect(DyocenseError.isInstance(error) && error.issues[0]?.path).toEqual(['productionRate']);
    }
  });
});
