import { describe, expect, it } from 'vitest';
import { fillRate, safetyStockForFillRate } from './fill-rate.js';

// Chopra & Meindl, Supply Chain Management: Strategy, Planning, and Operation (5th ed.), ch. 12: weekly Lego demand
// at Walmart N(2500, 500), lead time 2 weeks, lot size Q = 10,000 (textbook answers, recalled).
const sdOverLeadTime = 500 * Math.sqrt(2);

describe('fillRate', () => {
  it('gives ESC 25.13 and fill rate 0.9975 for a safety stock of 1,000 (Chopra & Meindl 5th ed., Example 12-3)', () => {
    const result = fillRate({ demandPerCycle: 10000, protectionDemandSd: sdOverLeadTime, safetyStock: 1000 });
    expect(result.expectedShortagePerCycle).toBeCloseTo(25.13, 1);
    expect(result.fillRate).toBeCloseTo(0.9975, 4);
    // Example 12-2: the same policy has a cycle service level of 0.92.
    expect(result.cycleServiceLevel).toBeCloseTo(0.92, 2);
  });
});

describe('safetyStockForFillRate', () => {
  it('needs 67 units of safety stock for a 97.5 % fill rate (Chopra & Meindl 5th ed., Example 12-4)', () => {
    const result = safetyStockForFillRate({
      demandPerCycle: 10000,
      protectionDemandSd: sdOverLeadTime,
      fillRate: 0.975,
    });
    expect(Math.round(result.safetyStock)).toBe(67);
    expect(result.fillRate).toBeCloseTo(0.975, 12);
  });

  it('asks for more safety stock than the same cycle service level when orders are small', () => {
    const small = safetyStockForFillRate({ demandPerCycle: 10, protectionDemandSd: 100, fillRate: 0.95 });
    expect(small.cycleServiceLevel).toBeGreaterThan(0.95);
    const large = safetyStockForFillRate({ demandPerCycle: 10000, protectionDemandSd: 100, fillRate: 0.95 });
    expect(large.cycleServiceLevel).toBeLessThan(0.5);
  });
});
