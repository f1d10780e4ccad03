import { describe, expect, it } from 'vitest';
import { fillRate, safetyStockForFillRate } from './fill-rate.js';

// Weekly demand N(2500, 500), lead time 2 weeks, lot size Q = 10,000. Expected values are computed from these
// inputs by the normal-loss formulas, not quoted from a book, and cross-checked independently in R 4.2.2
// (dnorm/pnorm, uniroot) and Python scipy 1.17 (norm.pdf/sf, brentq).
const sdOverLeadTime = 500 * Math.sqrt(2);

describe('fillRate', () => {
  it('gives ESC 25.127 and fill rate 0.99749 for a safety stock of 1,000 (computed, R cross-check)', () => {
    const result = fillRate({ demandPerCycle: 10000, protectionDemandSd: sdOverLeadTime, safetyStock: 1000 });
    expect(result.expectedShortagePerCycle).toBeCloseTo(25.12727083, 6);
    expect(result.fillRate).toBeCloseTo(0.997487272917, 9);
    // pnorm(1000 / (500·√2)) in R.
    expect(result.cycleServiceLevel).toBeCloseTo(0.921350396475, 9);
  });
});

describe('safetyStockForFillRate', () => {
  it('needs 66.70 units of safety stock for a 97.5 % fill rate (computed, R uniroot cross-check)', () => {
    const result = safetyStockForFillRate({
      demandPerCycle: 10000,
      protectionDemandSd: sdOverLeadTime,
      fillRate: 0.975,
    });
    expect(result.safetyStock).toBeCloseTo(66.6975579464, 5);
    expect(result.fillRate).toBeCloseTo(0.975, 12);
  });

  it('asks for more safety stock than the same cycle service level when orders are small', () => {
    const small = safetyStockForFillRate({ demandPerCycle: 10, protectionDemandSd: 100, fillRate: 0.95 });
    expect(small.cycleServiceLevel).toBeGreaterThan(0.95);
    const large = safetyStockForFillRate({ demandPerCycle: 10000, protectionDemandSd: 100, fillRate: 0.95 });
    expect(large.cycleServiceLevel).toBeLessThan(0.5);
  });
});
