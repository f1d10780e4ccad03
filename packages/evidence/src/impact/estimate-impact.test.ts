import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTruth, readWide } from '../__fixtures__/evidence-fixtures.js';
import { estimateImpact } from './estimate-impact.js';

const daily = readWide('daily.csv');
const counterfactual = readWide('counterfactual.csv');
const truth = readTruth();
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const start = truth.intervention.index;
const trueCumulative =
  sum((daily.series.orders as number[]).slice(start)) -
  sum((counterfactual.series.orders as number[]).slice(start));
const series = {
  orders: daily.series.orders as number[],
  traffic: daily.series.traffic as number[],
  price: daily.series.price as number[],
};
const base = {
  series,
  dates: [...daily.dates],
  target: 'orders',
  controls: ['traffic', 'price'],
  controlLags: { traffic: [0, 1, 2] },
  interventionDate: truth.intervention.date,
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

describe('estimateImpact', () => {
  const result = estimateImpact(base);

  it('covers the true cumulative effect of the checkout redesign with its 95% interval', () => {
    expect(result.method).toBe('state-space');
    expect(result.postObservations).toBe(truth.intervention.post_days);
    expect(result.cumulative.lower).toBeLessThan(trueCumulative);
    expect(result.cumulative.upper).toBeGreaterThan(trueCumulative);
    expect(result.cumulative.lower).toBeGreaterThan(0);
    expect(result.pValue).toBeLessThan(1e-6);
    expect(result.significant).toBe(true);
  });

  it('reports a relative effect near the true +10% and a placebo that passes', () => {
    const trueRelative = trueCumulative / sum((counterfactual.series.orders as number[]).slice(start));
    expect(result.relative?.lower).toBeLessThan(trueRelative);
    expect(result.relative?.upper).toBeGreaterThan(trueRelative);
    expect('passed' in result.placebo && result.placebo.passed).toBe(true);
  });

  it('makes pointwise effects add up to the cumulative effect', () => {
    expect(sum(result.pointwise.map((point) => point.effect))).toBeCloseTo(result.cumulative.estimate, 6);
    expect(result.pointwise[0]?.date).toBe(truth.intervention.date);
  });

  it('finds no effect on the counterfactual series, where there was none', () => {
    const none = estimateImpact({
      ...base,
      series: {
        orders: counterfactual.series.orders as number[],
        traffic: counterfactual.series.traffic as number[],
        price: counterfactual.series.price as number[],
      },
    });
    expect(none.cumulative.lower).toBeLessThan(0);
    expect(none.cumulative.upper).toBeGreaterThan(0);
    expect(none.significant).toBe(false);
  });

  it('chooses OLS for a short, well-behaved history and says why', () => {
    const short = estimateImpact({
      ...base,
      series: Object.fromEntries(
        Object.entries(series).map(([name, values]) => [name, values.slice(550, 700)]),
      ),
      dates: daily.dates.slice(550, 700),
    });
    expect(short.preObservations).toBe(88);
    expect(['ols', 'state-space']).toContain(short.method);
    expect(short.methodReason).toMatch(/Ljung-Box/);
    expect(short.cumulative.upper).toBeGreaterThan(short.cumulative.lower);
  });

  it('gives the same cumulative effect with the OLS method when the level variance is zero', () => {
    const ols = estimateImpact({ ...base, method: 'ols' });
    expect(ols.method).toBe('ols');
    expect(Math.abs(ols.cumulative.estimate - result.cumulative.estimate)).toBeLessThan(5);
  });

  it('refuses the target as its own control, unknown names and constant controls', () => {
    expect(codeOf(() => estimateImpact({ ...base, controls: ['orders'] }))).toBe('invalid_input');
    expect(codeOf(() => estimateImpact({ ...base, controls: ['visits'] }))).toBe('invalid_input');
    expect(
      codeOf(() =>
        estimateImpact({
          ...base,
          series: { ...series, price: series.price.map(() => 40) },
          controlLags: {},
        }),
      ),
    ).toBe('invalid_input');
    expect(codeOf(() => estimateImpact({ ...base, interventionDate: '2030-01-01' }))).toBe('invalid_input');
  });

  it('refuses an intervention with too little history before it', () => {
    expect(codeOf(() => estimateImpact({ ...base, interventionDate: daily.dates[10] as string }))).toBe(
      'insufficient_data',
    );
  });

  it('returns finite intervals or a DyocenseError for arbitrary input', () => {
    const row = fc.tuple(
      fc.double({ min: 50, max: 150, noNaN: true }),
      fc.double({ min: 1000, max: 3000, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 0, maxLength: 80 }),
        fc.integer({ min: 1, max: 90 }),
        fc.constantFrom('auto', 'ols', 'state-space'),
        (rows, interventionIndex, method) => {
          let output: ReturnType<typeof estimateImpact>;
          try {
            output = estimateImpact({
              series: { y: rows.map((pair) => pair[0]), x: rows.map((pair) => pair[1]) },
              target: 'y',
              interventionIndex,
              method,
            });
          } catch (error) {
            if (!DyocenseError.isInstance(error)) throw error;
            return;
          }
          for (const value of [output.cumulative.lower, output.cumulative.upper, output.pValue]) {
            expect(Number.isFinite(value)).toBe(true);
          }
          expect(output.pValue).toBeGreaterThanOrEqual(0);
          expect(output.pValue).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 60 },
    );
  });
});
