import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { readDaily, readGrangerFixture } from '../__fixtures__/evidence-fixtures.js';
import { createSeededRandom } from '../internal/random/seeded-random.js';
import { grangerCausality } from './granger-causality.js';

const daily = readDaily();

describe.each([
  ['levels', 'none'],
  ['diff', 'diff'],
] as const)('grangerCausality on %s', (fixtureName, transform) => {
  const fixture = readGrangerFixture(fixtureName);
  const result = grangerCausality({ series: daily.series, dates: [...daily.dates], maxLag: 7, transform });

  it('chooses the fixture summary lag from BIC', () => {
    expect(result.summaryLag).toBe(fixture.meta.summary_lag);
    expect(result.transform.differenced).toHaveLength(transform === 'diff' ? 8 : 0);
  });

  it('tests all 56 ordered pairs at lags 1..7 with statsmodels p-values', () => {
    expect(result.tests).toHaveLength(392);
    for (const reference of fixture.pairwise) {
      const test = result.tests.find(
        (entry) =>
          entry.cause === reference.cause && entry.effect === reference.effect && entry.lag === reference.lag,
      );
      if (test === undefined || !test.testable) throw new Error('missing test');
      expect(Math.abs(test.pValue - reference.ssr_F_p)).toBeLessThan(1e-8);
    }
  });

  it('adjusts p-values across pairs like statsmodels multipletests (BH, Holm, Bonferroni) within 1e-12', () => {
    const holm = grangerCausality({
      series: daily.series,
      maxLag: 7,
      transform,
      adjustment: 'holm',
      conditional: false,
    });
    const bonferroni = grangerCausality({
      series: daily.series,
      maxLag: 7,
      transform,
      adjustment: 'bonferroni',
      conditional: false,
    });
    for (const reference of fixture.summary) {
      const find = (pairs: typeof result.pairs) =>
        pairs.find((pair) => pair.cause === reference.cause && pair.effect === reference.effect);
      const pair = find(result.pairs);
      expect(Math.abs((pair?.pValue ?? -1) - reference.p)).toBeLessThan(1e-8);
      expect(Math.abs((pair?.adjustedPValue ?? -1) - reference.p_bh)).toBeLessThan(
        Math.max(1e-12, reference.p_bh * 1e-9),
      );
      expect(Math.abs((find(holm.pairs)?.adjustedPValue ?? -1) - reference.p_holm)).toBeLessThan(
        Math.max(1e-12, reference.p_holm * 1e-9),
      );
      expect(Math.abs((find(bonferroni.pairs)?.adjustedPValue ?? -1) - reference.p_bonferroni)).toBeLessThan(
        Math.max(1e-12, reference.p_bonferroni * 1e-9),
      );
      expect(Math.abs((pair?.minPValueOverLags ?? -1) - reference.minp_bonf)).toBeLessThan(
        Math.max(1e-12, reference.minp_bonf * 1e-9),
      );
      expect(Math.abs((pair?.adjustedMinPValueOverLags ?? -1) - reference.minp_bonf_bh)).toBeLessThan(
        Math.max(1e-12, reference.minp_bonf_bh * 1e-9),
      );
    }
  });

  it('reports conditional VAR tests equal to statsmodels test_causality', () => {
    for (const reference of fixture.conditional) {
      const pair = result.pairs.find(
        (entry) => entry.cause === reference.cause && entry.effect === reference.effect,
      );
      expect(Math.abs((pair?.conditional?.pValue ?? -1) - reference.var_F_p)).toBeLessThan(1e-8);
    }
  });

  it('words every summary as prediction, never as cause', () => {
    for (const pair of result.pairs) {
      expect(pair.statement).toMatch(/helps predict/);
      expect(pair.statement).not.toMatch(/\bcauses\b/);
    }
    expect(result.pairs.find((pair) => pair.significant)?.statement).toMatch(/days? later/);
  });
});

describe('grangerCausality input errors', () => {
  const base = { a: [1, 3, 2, 5, 4, 6, 8, 7, 9, 12, 10, 11], b: [2, 1, 4, 3, 6, 5, 7, 9, 8, 10, 13, 12] };

  it('refuses NaN, naming the series', () => {
    expect(() =>
      grangerCausality({ series: { ...base, b: [...base.b.slice(0, 11), Number.NaN] }, maxLag: 1 }),
    ).toThrow(/b/);
  });

  it('refuses too few points for the lag with insufficient_data', () => {
    expect(() => grangerCausality({ series: base, maxLag: 4 })).toThrow(
      expect.objectContaining({ code: 'insufficient_data' }),
    );
  });

  it('refuses a series that is constant after differencing, saying so', () => {
    const line = base.a.map((_, index) => 5 + 2 * index);
    expect(() => grangerCausality({ series: { ...base, line }, maxLag: 1 })).toThrow(
      /line is constant after differencing/,
    );
  });

  it('refuses dates that are out of order', () => {
    const dates = base.a.map((_, index) => `2024-01-${String(12 - index).padStart(2, '0')}`);
    try {
      grangerCausality({ series: base, dates, maxLag: 1 });
      expect.unreachable();
    } catch (error) {
      expect(DyocenseError.isInstance(error) && error.message).toMatch(/Misaligned dates/);
    }
  });

  it('reports which series were differenced under auto', () => {
    const result = grangerCausality({
      series: {
        walk: daily.series.followers as number[],
        weather: daily.series.weather as number[],
        spend: daily.series.marketing_spend as number[],
      },
      maxLag: 2,
      transform: 'auto',
    });
    expect(result.transform.differenced).toContain('walk');
    expect(result.transform.differenced).not.toContain('spend');
    expect(result.transform.stationarity?.walk?.pValue).toBeGreaterThan(0.05);
  });
});

describe('grangerCausality with near-copies', () => {
  // orders drives tickets two days later; revenue is orders times a price with small noise, so conditioning
  // either on the other leaves neither a signal of its own.
  const random = createSeededRandom(7);
  const n = 400;
  const orders: number[] = [];
  const revenue: number[] = [];
  const tickets: number[] = [];
  const noise: number[] = [];
  for (let t = 0; t < n; t++) {
    orders.push(100 + 6 * random.normal());
    revenue.push((orders[t] as number) * 40 * (1 + 0.002 * random.normal()));
    tickets.push(0.08 * (orders[t - 2] ?? 100) + 0.5 * random.normal());
    noise.push(random.normal());
  }
  const result = grangerCausality({ series: { orders, revenue, tickets, noise }, maxLag: 3, summaryLag: 3 });
  const pair = (cause: string, effect: string) =>
    result.pairs.find((entry) => entry.cause === cause && entry.effect === effect);

  it('tests the stronger of two near-copies jointly with the other and finds the edge once', () => {
    const found = pair('orders', 'tickets');
    expect(found?.conditional?.nearCopies).toEqual(['revenue']);
    // Alone, the conditional test loses the signal to revenue; jointly it is unmistakable.
    expect(found?.conditional?.pValue).toBeGreaterThan(0.05);
    expect(found?.conditional?.jointPValue).toBeLessThan(1e-6);
    expect(found?.significant).toBe(true);
    expect(found?.conditional?.sign).toBe(1);
    expect(found?.statement).toMatch(/tested together with its near-copy revenue/);
    expect(pair('revenue', 'tickets')?.significant).toBe(false);
    expect(pair('revenue', 'tickets')?.conditional?.nearCopies).toBeUndefined();
    expect(pair('noise', 'tickets')?.significant).toBe(false);
  });
});
