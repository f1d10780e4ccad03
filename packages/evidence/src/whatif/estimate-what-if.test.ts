import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTruth, readWide } from '../__fixtures__/evidence-fixtures.js';
import { buildCausalGraph } from '../graph/build-causal-graph.js';
import { estimateWhatIf } from './estimate-what-if.js';

const daily = readWide('daily.csv');
const truth = readTruth();
const graph = buildCausalGraph({
  series: daily.series,
  dates: [...daily.dates],
  maxLag: 7,
  formulas: { revenue: 'orders * price' },
  required: [{ source: 'weather', target: 'traffic', lag: 0 }],
});
const base = {
  series: daily.series,
  dates: [...daily.dates],
  graph,
  treatment: 'marketing_spend',
  outcome: 'revenue',
  change: 0.2,
  fromDate: truth.whatif_spend.window_start,
};

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (DyocenseError.isInstance(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('estimateWhatIf', () => {
  const result = estimateWhatIf(base);

  it('answers "revenue if spend had been 20% higher" within 2% of the simulated truth, covering it', () => {
    const expected = truth.whatif_spend.revenue_cumulative_delta;
    expect(Math.abs(result.effect.estimate - expected) / expected).toBeLessThan(0.02);
    expect(result.effect.lower).toBeLessThan(expected);
    expect(result.effect.upper).toBeGreaterThan(expected);
    const orders = result.path.find((entry) => entry.metric === 'orders');
    const expectedOrders = truth.whatif_spend.orders_cumulative_delta;
    expect(Math.abs((orders?.estimate ?? 0) - expectedOrders) / expectedOrders).toBeLessThan(0.02);
    const perOrder = result.effect.estimate / (orders?.estimate ?? 1);
    // Evaluating revenue = orders × price (times the observed remainder) gives the true revenue per extra order.
    const truePerOrder = expected / expectedOrders;
    expect(Math.abs(perOrder - truePerOrder) / truePerOrder).toBeLessThan(0.01);
    expect(result.formulas).toEqual([{ metric: 'revenue', formula: 'orders * price' }]);
  });

  it('sees that orders run above their stable model in the window and scales the response to it', () => {
    // The window starts the day of the checkout redesign (conversion × 1.08): extra visits there convert at
    // 0.0324, not the 0.030 of the 640 days before. A stable-slope chain (the earlier method, with a trend that
    // soaked up the jump) was 14% low.
    const orders = result.regressions.find((entry) => entry.metric === 'orders');
    expect(orders?.windowLevel?.scaled).toBe(true);
    expect(orders?.windowLevel?.pValue).toBeLessThan(1e-6);
    expect(orders?.windowLevel?.ratio).toBeGreaterThan(1.05);
    expect(orders?.windowLevel?.ratio).toBeLessThan(1.11);
    expect(result.warnings.join(' ')).toMatch(/orders ran \d+\.\d% above its stable model/);
    // Traffic did not move in the window: no scaling there.
    const traffic = result.regressions.find((entry) => entry.metric === 'traffic');
    expect(traffic?.windowLevel?.scaled).toBe(false);
    // Without the scaling the chain still has the window indicator, which keeps the jump out of the slopes.
    const stable = estimateWhatIf({ ...base, levelShiftAlpha: 1e-300 });
    expect(stable.regressions.every((entry) => entry.windowLevel?.scaled !== true)).toBe(true);
    const unscaled = truth.whatif_spend.revenue_cumulative_delta / 1.08;
    expect(Math.abs(stable.effect.estimate - unscaled) / unscaled).toBeLessThan(0.03);
  });

  it('drops a data parent that only precedes through a same-day mediator', () => {
    const orders = result.regressions.find((entry) => entry.metric === 'orders');
    expect(orders?.parents).toEqual(['price', 'traffic']);
    expect(orders?.dropped.map((entry) => entry.parent)).toEqual(['marketing_spend']);
    expect(orders?.dropped[0]?.pValue).toBeGreaterThan(0.05);
    const keepAll = estimateWhatIf({ ...base, mediatedParentAlpha: 0.999 });
    expect(keepAll.regressions.find((entry) => entry.metric === 'orders')?.parents).toContain(
      'marketing_spend',
    );
  });

  it('leaves out the weakest data edge of a cycle and says so', () => {
    const answer = estimateWhatIf({
      ...base,
      graph: {
        formulas: { revenue: 'orders * price' },
        edges: [
          ...graph.edges,
          { source: 'support_tickets', target: 'traffic', lag: 3, evidence: 'precedes', pValue: 0.04 },
        ],
      },
    });
    expect(answer.warnings.join(' ')).toMatch(/cycle .* support_tickets → traffic/);
    expect(answer.effect.estimate).toBeCloseTo(result.effect.estimate, 6);
  });

  it('follows the graph through traffic and orders, adjusting traffic for weather', () => {
    expect(result.path.map((entry) => entry.metric)).toEqual(['traffic', 'orders', 'revenue']);
    const traffic = result.path[0];
    const expected = truth.whatif_spend.traffic_cumulative_delta;
    expect(Math.abs((traffic?.estimate ?? 0) - expected) / expected).toBeLessThan(0.05);
    expect(result.regressions[0]?.parents).toContain('weather');
    expect(result.window.toIndex - result.window.fromIndex).toBe(truth.whatif_spend.window_days);
  });

  it('keeps trend and weekly terms for traffic, which has its own, and drops them for orders, which inherit them', () => {
    const traffic = result.regressions.find((entry) => entry.metric === 'traffic');
    const orders = result.regressions.find((entry) => entry.metric === 'orders');
    expect([traffic?.trend, traffic?.dayOfWeek]).toEqual([true, true]);
    expect([orders?.trend, orders?.dayOfWeek]).toEqual([false, false]);
    const always = estimateWhatIf({ ...base, deterministicAlpha: 1 });
    expect(always.regressions.every((entry) => entry.trend && entry.dayOfWeek)).toBe(true);
    // Keeping them costs precision (orders' weekly swing is what identifies conversion), not accuracy here.
    const width = (answer: typeof result) => answer.effect.upper - answer.effect.lower;
    expect(width(always)).toBeGreaterThan(width(result));
    const expected = truth.whatif_spend.revenue_cumulative_delta;
    expect(Math.abs(always.effect.estimate - expected) / expected).toBeLessThan(0.05);
  });

  it('fits no window indicator when the window is the whole sample', () => {
    const whole = estimateWhatIf({ ...base, fromDate: undefined, fromIndex: 0, draws: 50 });
    expect(whole.regressions.every((entry) => entry.windowLevel === null)).toBe(true);
    expect(whole.warnings.join(' ')).not.toMatch(/stable model/);
  });

  it('gives the same interval for the same seed', () => {
    const again = estimateWhatIf(base);
    expect(again.effect).toEqual(result.effect);
  });

  it('refuses a graph without a path and a cyclic path', () => {
    expect(codeOf(() => estimateWhatIf({ ...base, outcome: 'followers' }))).toBe('invalid_input');
    expect(
      codeOf(() =>
        estimateWhatIf({
          ...base,
          graph: {
            edges: [
              { source: 'marketing_spend', target: 'traffic', lag: 1 },
              { source: 'traffic', target: 'orders', lag: 0 },
              { source: 'orders', target: 'traffic', lag: 1 },
              { source: 'orders', target: 'revenue', lag: 0 },
            ],
          },
        }),
      ),
    ).toBe('invalid_input');
  });

  it('returns finite intervals or a DyocenseError for arbitrary chains', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 10, max: 100, noNaN: true }),
            fc.double({ min: -5, max: 5, noNaN: true }),
          ),
          {
            minLength: 0,
            maxLength: 60,
          },
        ),
        fc.double({ min: -0.5, max: 1, noNaN: true }),
        (rows, change) => {
          const x = rows.map((row) => row[0]);
          const y = rows.map((row, index) => 3 * (x[index - 1] ?? row[0]) + row[1]);
          try {
            const answer = estimateWhatIf({
              series: { x, y },
              graph: { edges: [{ source: 'x', target: 'y', lag: 1 }] },
              treatment: 'x',
              outcome: 'y',
              change,
              lags: 1,
              draws: 50,
            });
            expect(Number.isFinite(answer.effect.estimate)).toBe(true);
            expect(answer.effect.lower).toBeLessThanOrEqual(answer.effect.upper);
          } catch (error) {
            if (!DyocenseError.isInstance(error)) throw error;
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
