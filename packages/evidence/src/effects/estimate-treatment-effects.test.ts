import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  readCustomers,
  readPropensityReference,
  readReferenceLogits,
} from '../__fixtures__/evidence-fixtures.js';
import { estimateTreatmentEffects } from './estimate-treatment-effects.js';
import { matchNearest } from './internal/match-nearest.js';

const customers = readCustomers();
const reference = readPropensityReference();
const input = {
  treatment: customers.received_coupon,
  outcome: customers.revenue_next_90d,
  covariates: {
    tenure_months: customers.tenure_months,
    past_orders: customers.past_orders,
    engaged: customers.engaged,
  },
  interactions: ['engaged'],
  bootstrap: 100,
};

describe('estimateTreatmentEffects', () => {
  const forced = estimateTreatmentEffects({ ...input, allowExtremeWeights: true });

  it('matches the reference naive, regression-adjusted and Hajek IPW estimates to 1e-8', () => {
    expect(Math.abs(forced.naive.estimate - reference.estimates.naive)).toBeLessThan(1e-8);
    expect(Math.abs(forced.regressionAdjustment.estimate - reference.estimates.regression_ate)).toBeLessThan(
      1e-8,
    );
    if ('refused' in forced.ipwAte || 'refused' in forced.ipwAtt) throw new Error('weighting refused');
    expect(Math.abs(forced.ipwAte.estimate - reference.estimates.ipw_ate)).toBeLessThan(1e-8);
    expect(Math.abs(forced.ipwAtt.estimate - reference.estimates.ipw_att)).toBeLessThan(1e-8);
  });

  it('matches the reference propensity range and matched share', () => {
    expect(
      Math.abs(forced.overlap.propensityRange[0] - reference.estimates.propensity_range[0]),
    ).toBeLessThan(1e-8);
    expect(
      Math.abs(forced.overlap.propensityRange[1] - reference.estimates.propensity_range[1]),
    ).toBeLessThan(1e-8);
    if ('refused' in forced.matchingAtt) throw new Error('matching refused');
    expect(forced.matchingAtt.matchedShare).toBeCloseTo(reference.estimates.psm_matched_share, 12);
  });

  it('reproduces the reference nearest-neighbour ATT exactly from its propensities and its tie rule', () => {
    // The reference sorts untreated logits with numpy's unstable argsort and takes the first tied unit in that
    // order. Given its own logits (statsmodels, in the fixture), our matcher with that rule gives its number.
    const treated = Float64Array.from(customers.received_coupon);
    const outcome = Float64Array.from(customers.revenue_next_90d);
    const logit = Float64Array.from(readReferenceLogits());
    let mean = 0;
    for (const value of logit) mean += value;
    mean /= logit.length;
    let variance = 0;
    for (const value of logit) variance += (value - mean) ** 2;
    const width = 0.2 * Math.sqrt(variance / logit.length);
    const numpy = matchNearest(logit, treated, outcome, width, 'numpy');
    expect(Math.abs(numpy.att - reference.estimates.psm_att)).toBeLessThan(1e-12);
    expect(numpy.matched / treated.reduce((sum, value) => sum + value, 0)).toBeCloseTo(
      reference.estimates.psm_matched_share,
      12,
    );
    // With averaged ties the same logits give 16.11178840361447 (numpy, same caliper): the whole gap between our
    // default and the reference is the tie rule.
    const averaged = matchNearest(logit, treated, outcome, width, 'average');
    expect(Math.abs(averaged.att - 16.11178840361447)).toBeLessThan(1e-10);
  });

  it('averages tied matches by default, independent of row order', () => {
    if ('refused' in forced.matchingAtt) throw new Error('matching refused');
    // Mean outcome over all equally near untreated units (R Matching ties = TRUE); numpy on the reference's
    // propensities gives 16.11178840361447, and our propensities differ from them by 4e-15 at most.
    expect(Math.abs(forced.matchingAtt.estimate - 16.11178840361447)).toBeLessThan(1e-8);
    const reversed = (values: readonly number[]) => [...values].reverse();
    const flipped = estimateTreatmentEffects({
      ...input,
      bootstrap: 0,
      treatment: reversed(input.treatment) as (0 | 1)[],
      outcome: reversed(input.outcome),
      covariates: Object.fromEntries(
        Object.entries(input.covariates).map(([name, values]) => [name, reversed(values)]),
      ),
    });
    if ('refused' in flipped.matchingAtt) throw new Error('matching refused');
    expect(Math.abs(flipped.matchingAtt.estimate - forced.matchingAtt.estimate)).toBeLessThan(1e-9);
  });

  it('covers the true ATE with the regression-adjustment interval and the true ATT with matching', () => {
    const { lower, upper } = forced.regressionAdjustment;
    expect(lower).toBeLessThan(reference.truth.true_ate_sample);
    expect(upper).toBeGreaterThan(reference.truth.true_ate_sample);
    if ('refused' in forced.matchingAtt) throw new Error('matching refused');
    expect(forced.matchingAtt.lower).toBeLessThan(reference.truth.true_att_sample);
    expect(forced.matchingAtt.upper).toBeGreaterThan(reference.truth.true_att_sample);
  });

  it('refuses weighting when propensities reach 0.997 and says why', () => {
    const result = estimateTreatmentEffects({ ...input, bootstrap: 0 });
    expect(result.overlap.extreme).toBe(true);
    expect('refused' in result.ipwAte && result.ipwAte.refused).toMatch(/0\.997/);
    expect('refused' in result.ipwAtt).toBe(true);
    expect(result.regressionAdjustment.lower).toBeNull();
  });

  it('reports better covariate balance after weighting', () => {
    const balance = forced.overlap.standardisedMeanDifferences.past_orders;
    expect(Math.abs(balance?.weighted ?? 1)).toBeLessThan(Math.abs(balance?.raw ?? 0));
  });

  it('gives the same intervals for the same seed', () => {
    const again = estimateTreatmentEffects({ ...input, allowExtremeWeights: true });
    expect(again.regressionAdjustment).toEqual(forced.regressionAdjustment);
  });

  it('returns finite estimates or a DyocenseError for arbitrary tables', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom<0 | 1>(0, 1),
            fc.double({ min: -100, max: 100, noNaN: true }),
            fc.double({ min: 0, max: 50, noNaN: true }),
          ),
          { minLength: 0, maxLength: 40 },
        ),
        (rows) => {
          try {
            const result = estimateTreatmentEffects({
              treatment: rows.map((row) => row[0]),
              outcome: rows.map((row) => row[1]),
              covariates: { x: rows.map((row) => row[2]) },
              bootstrap: 10,
            });
            expect(Number.isFinite(result.regressionAdjustment.estimate)).toBe(true);
            expect(Number.isFinite(result.naive.estimate)).toBe(true);
          } catch (error) {
            if (!DyocenseError.isInstance(error)) throw error;
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
