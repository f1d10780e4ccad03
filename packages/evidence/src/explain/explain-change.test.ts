import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTruth, readWide } from '../__fixtures__/evidence-fixtures.js';
import { explainChange } from './explain-change.js';

const daily = readWide('daily.csv');
const truth = readTruth();
const dates = [...daily.dates];
const base = {
  series: daily.series,
  dates,
  metric: 'revenue',
  formulas: { revenue: 'orders * average_order_value' },
  // The 90 days before the checkout redesign against the 90 days from it.
  from: { start: '2024-07-05', end: '2024-10-02' },
  to: { start: truth.intervention.date, end: '2024-12-31' },
  required: [{ source: 'weather', target: 'traffic', lag: 0 }],
  forbidden: Object.keys(daily.series)
    .filter((name) => name !== 'weather')
    .map((source) => ({ source, target: 'weather' })),
  events: [
    {
      name: 'checkout redesign',
      date: truth.intervention.date,
      metric: 'orders',
      controls: ['traffic', 'price'],
      controlLags: { traffic: [0, 1, 2] },
    },
  ],
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

const sumOf = (name: string, from: number, to: number) =>
  (daily.series[name] as number[]).slice(from, to).reduce((total, value) => total + value, 0);

describe('explainChange', () => {
  const result = explainChange(base);
  const start = truth.intervention.index;
  const driver = (name: string) => result.drivers.find((entry) => entry.driver === name);

  it('measures the change and splits it exactly by the formula, with average order value implied', () => {
    expect(result.change).toBeCloseTo(
      sumOf('revenue', start, start + 90) - sumOf('revenue', start - 90, start),
      6,
    );
    expect(result.formulaRemainder).toBe(0);
    const structural = result.drivers.filter((entry) => entry.evidence === 'structural');
    expect(structural.map((entry) => entry.driver).sort()).toEqual(['average_order_value', 'orders']);
    const total = structural.reduce((sum, entry) => sum + (entry.contribution ?? 0), 0);
    expect(total).toBeCloseTo(result.change, 6);
    // Average order value is revenue ÷ orders for each period, as core's KPI defines it.
    expect(driver('average_order_value')?.numbers.after).toBeCloseTo(
      sumOf('revenue', start, start + 90) / sumOf('orders', start, start + 90),
      9,
    );
    expect(driver('orders')?.contribution).toBeGreaterThan(0);
    expect(driver('average_order_value')?.contribution).toBeLessThan(0);
  });

  it('ranks the fall in traffic first and the redesign second, covering the true redesign effect', () => {
    expect(result.drivers.slice(0, 2).map((entry) => [entry.driver, entry.evidence])).toEqual([
      ['traffic', 'precedes'],
      ['checkout redesign', 'counterfactual'],
    ]);
    const redesign = driver('checkout redesign');
    const ordersEffect = redesign?.numbers.effectOnTarget ?? 0;
    expect(redesign?.numbers.lower).toBeLessThan(truth.intervention.orders_cumulative_effect);
    expect(redesign?.numbers.upper).toBeGreaterThan(truth.intervention.orders_cumulative_effect);
    // In revenue units at the decomposition's revenue per extra order (the period's average order value).
    const perOrder = driver('orders')?.numbers.contribution as number;
    const ordersChange = sumOf('orders', start, start + 90) - sumOf('orders', start - 90, start);
    expect(redesign?.contribution).toBeCloseTo((ordersEffect * perOrder) / ordersChange, 6);
    expect(redesign?.via).toEqual(['orders']);
  });

  it('puts numbers on upstream metrics close to the simulator’s structure', () => {
    const traffic = driver('traffic');
    // Truth: orders per extra visit in the window (from the +20% spend what-if) times the fall in visits.
    const perVisit = truth.whatif_spend.orders_cumulative_delta / truth.whatif_spend.traffic_cumulative_delta;
    const visitsChange = sumOf('traffic', start, start + 90) - sumOf('traffic', start - 90, start);
    const expected = perVisit * visitsChange;
    expect(traffic?.numbers.effectOnTarget).toBeLessThan(0);
    expect(Math.abs((traffic?.numbers.effectOnTarget as number) / expected - 1)).toBeLessThan(0.2);
    // Truth: −4 orders per $ of price, the same day.
    const price = driver('price');
    const priceChange = (sumOf('price', start, start + 90) - sumOf('price', start - 90, start)) / 90;
    expect(Math.abs((price?.numbers.effectOnTarget as number) / (-4 * priceChange * 90) - 1)).toBeLessThan(
      0.15,
    );
  });

  it('labels every claim and never calls precedence a cause', () => {
    for (const entry of result.drivers) {
      expect(entry.statement.length).toBeGreaterThan(20);
      if (entry.contribution !== null) expect(Number.isFinite(entry.contribution)).toBe(true);
      if (entry.evidence === 'precedes')
        expect(entry.statement).toMatch(/helps predict .* not proof of cause/);
    }
    // "cause" appears only in "not proof of cause".
    expect(result.narrative.replaceAll('not proof of cause', '')).not.toMatch(/caus/);
    expect(result.sentences[0]).toMatch(/^revenue went from 447,000 .* to 435,000 .* −11,700 \(−2\.6%\)\.$/);
    expect(result.drivers.map((entry) => entry.rank)).toEqual(result.drivers.map((_, index) => index + 1));
    // Weather changes sign between the periods: said, not silently dropped.
    expect(result.caveats.join(' ')).toMatch(/weather .* change of sign/);
  });

  it('cites an experiment as given and uses mean aggregation for rates', () => {
    const answer = explainChange({
      ...base,
      metric: 'orders',
      formulas: {},
      aggregations: { orders: 'mean' },
      events: [
        {
          name: 'A/B test',
          date: truth.intervention.date,
          experiment: { estimate: 900, lower: 600, upper: 1200 },
        },
      ],
      draws: 100,
    });
    const test = answer.drivers.find((entry) => entry.driver === 'A/B test');
    expect(test?.evidence).toBe('experiment');
    // 900 orders over 90 days is 10 a day on a mean-aggregated metric.
    expect(test?.contribution).toBeCloseTo(10, 9);
    expect(test?.interval).toEqual({ lower: 600 / 90, upper: 1200 / 90 });
    expect(answer.change).toBeCloseTo(
      (sumOf('orders', start, start + 90) - sumOf('orders', start - 90, start)) / 90,
      9,
    );
  });

  it('refuses unknown metrics, empty or overlapping periods and two implied leaves', () => {
    expect(codeOf(() => explainChange({ ...base, metric: 'profit' }))).toBe('invalid_input');
    expect(codeOf(() => explainChange({ ...base, from: { start: '2020-01-01', end: '2020-02-01' } }))).toBe(
      'invalid_input',
    );
    expect(codeOf(() => explainChange({ ...base, to: base.from }))).toBe('invalid_input');
    expect(
      codeOf(() => explainChange({ ...base, formulas: { revenue: 'basket * average_order_value' } })),
    ).toBe('invalid_input');
  });

  it('returns finite numbers or a DyocenseError for arbitrary short series', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: 1, max: 100, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })),
          { minLength: 4, maxLength: 60 },
        ),
        (rows) => {
          const x = rows.map((row) => row[0]);
          const y = rows.map((row, index) => 2 * (x[index - 1] ?? row[0]) + row[1] + 10);
          const rowDates = rows.map((_, index) =>
            new Date(Date.UTC(2024, 0, 1 + index)).toISOString().slice(0, 10),
          );
          const half = Math.floor(rows.length / 2);
          try {
            const answer = explainChange({
              series: { x, y },
              dates: rowDates,
              metric: 'y',
              from: { start: rowDates[0] as string, end: rowDates[half - 1] as string },
              to: { start: rowDates[half] as string, end: rowDates[rows.length - 1] as string },
              maxLag: 1,
              draws: 50,
            });
            expect(Number.isFinite(answer.change)).toBe(true);
            for (const entry of answer.drivers) {
              if (entry.contribution !== null) expect(Number.isFinite(entry.contribution)).toBe(true);
            }
            expect(answer.narrative).not.toMatch(/NaN|Infinity/);
          } catch (error) {
            if (!DyocenseError.isInstance(error)) throw error;
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
