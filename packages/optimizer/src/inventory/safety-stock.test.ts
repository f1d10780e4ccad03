import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { input, knownAnswer, within } from './__fixtures__/known-answers.js';
import { reorderPoint } from './reorder-point.js';
import { safetyStock } from './safety-stock.js';

describe('safetyStock and reorderPoint', () => {
  it('reproduce the I-75 Carpet Discount Store example of Russell & Taylor, Operations Management (inputs seen; answer recalled, equal to the formula with z = 1.65)', () => {
    const answer = knownAnswer('rop_variable_demand_russell_taylor_carpet');
    const result = reorderPoint({
      demandMean: input(answer, 'd_mean_daily_demand'),
      demandSd: input(answer, 'sigma_d'),
      leadTime: input(answer, 'L_days'),
      z: input(answer, 'z_table'),
    });
    expect(within(answer, 'safety_stock', result.safetyStock)).toBe(true);
    expect(within(answer, 'R', result.reorderPoint)).toBe(true);
  });

  it('add lead-time variability as √(L·σd² + d²·σL²) (Bowersox, Closs & Cooper fishing-rod problem)', () => {
    const answer = knownAnswer('rop_variable_demand_and_lead_time_fishing_rods');
    const result = reorderPoint({
      demandMean: input(answer, 'd_mean_daily_demand'),
      demandSd: input(answer, 'sigma_d'),
      leadTime: input(answer, 'L_mean_days'),
      leadTimeSd: input(answer, 'sigma_L_days'),
      z: input(answer, 'z_table'),
    });
    expect(within(answer, 'sigma_DLT', result.leadTimeDemandSd)).toBe(true);
    expect(within(answer, 'safety_stock', result.safetyStock)).toBe(true);
    expect(within(answer, 'ROP', result.reorderPoint)).toBe(true);
  });

  it('combine demand and lead-time variability as √(L·σd² + d²·σL²) (computed, R cross-check)', () => {
    // d = 2500/day, σd = 500, L = 7 days, σL = 7 days, CSL 90 %. Expected values are computed from these inputs,
    // not quoted from a book: R 4.2.2 gives sqrt(7*500^2 + 2500^2*7^2) = 17549.9287748 and qnorm(0.9) times that
    // = 22491.1386965 (scipy 1.17 agrees).
    const result = safetyStock({
      demandMean: 2500,
      demandSd: 500,
      leadTime: 7,
      leadTimeSd: 7,
      cycleServiceLevel: 0.9,
    });
    expect(result.leadTimeDemandSd).toBeCloseTo(17549.9287748, 6);
    expect(result.safetyStock).toBeCloseTo(22491.1386965, 5);
  });

  it('uses the exact quantile for a service level', () => {
    const result = safetyStock({ demandMean: 30, demandSd: 5, leadTime: 10, cycleServiceLevel: 0.95 });
    expect(result.z).toBeCloseTo(1.6448536269514722, 14);
    expect(result.safetyStock).toBeCloseTo(1.6448536269514722 * 5 * Math.sqrt(10), 12);
  });

  it('rejects negative demand and a missing target with invalid_input naming the field', () => {
    const paths = [
      { demandMean: -1, demandSd: 1, leadTime: 1, z: 1 },
      { demandMean: 1, demandSd: 1, leadTime: 1 },
    ].map((bad) => {
      try {
        safetyStock(bad);
        return undefined;
      } catch (error) {
        return DyocenseError.isInstance(error) && error.code === 'invalid_input'
          ? error.issues[0]?.path
          : 'other';
      }
    });
    expect(paths).toEqual([['demandMean'], ['cycleServiceLevel']]);
  });
});
