import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decomposeKpiChange } from './decompose-kpi-change.js';

describe('decomposeKpiChange', () => {
  it('splits revenue = orders × average order value by LMDI, summing exactly to the change', () => {
    const result = decomposeKpiChange({
      formula: 'orders * average_order_value',
      before: { orders: 1000, average_order_value: 50 },
      after: { orders: 1100, average_order_value: 48 },
    });
    expect(result.method).toBe('lmdi');
    expect(result.change).toBe(2800);
    const weight = (52_800 - 50_000) / Math.log(52_800 / 50_000);
    expect(result.contributions[0]?.contribution).toBeCloseTo(weight * Math.log(1.1), 9);
    expect(result.contributions[1]?.contribution).toBeCloseTo(weight * Math.log(48 / 50), 9);
    expect(Math.abs(result.residual)).toBeLessThan(1e-9);
  });

  it('gives each term its own change for an additive tree', () => {
    const result = decomposeKpiChange({
      formula: 'online + retail - refunds',
      before: { online: 100, retail: 200, refunds: 10 },
      after: { online: 130, retail: 190, refunds: 15 },
    });
    expect(result.method).toBe('shapley');
    expect(result.contributions.map((entry) => entry.contribution)).toEqual([30, -10, -5]);
  });

  it('nests driver formulas into a tree whose intermediate nodes sum their leaves', () => {
    const result = decomposeKpiChange({
      formula: 'orders * aov',
      drivers: { orders: 'sessions * conversion' },
      before: { sessions: 10_000, conversion: 0.03, aov: 40 },
      after: { sessions: 12_000, conversion: 0.025, aov: 42 },
    });
    const orders = result.intermediates.find((entry) => entry.metric === 'orders');
    expect(orders?.children).toEqual(['sessions', 'conversion']);
    expect(orders?.before).toBeCloseTo(300, 9);
    const sessions = result.contributions.find((entry) => entry.metric === 'sessions')?.contribution ?? 0;
    const conversion = result.contributions.find((entry) => entry.metric === 'conversion')?.contribution ?? 0;
    expect(orders?.contribution).toBeCloseTo(sessions + conversion, 9);
    expect(Math.abs(result.residual)).toBeLessThan(1e-9);
  });

  it('falls back to Shapley (no NaN) when positive metrics give a KPI that underflows to zero', () => {
    const result = decomposeKpiChange({
      formula: 'a * b * c',
      before: { a: 5e-324, b: 5e-324, c: 5e-324 },
      after: { a: 5e-324, b: 8.881784197001252e-16, c: 5e-324 },
    });
    expect(result.method).toBe('shapley');
    expect(result.contributions.map((entry) => entry.contribution)).toEqual([0, 0, 0]);
  });

  it('stays exact when one factor collapses by fifteen orders of magnitude (LMDI log ratios)', () => {
    const result = decomposeKpiChange({
      formula: 'a * b * c',
      before: { a: 5.650939127396572e-7, b: 999999.9995278527, c: 664214.6507812733 },
      after: { a: 999999.9998240089, b: 999999.9998776171, c: 3.2862608125472306e-9 },
    });
    expect(result.method).toBe('lmdi');
    expect(Math.abs(result.residual)).toBeLessThan(1e-9 * Math.abs(result.change));
  });

  it('refuses a missing value, circular drivers and LMDI on a sum with typed errors', () => {
    expect(() => decomposeKpiChange({ formula: 'a * b', before: { a: 1 }, after: { a: 2, b: 3 } })).toThrow(
      /No before value for metric b/,
    );
    expect(() =>
      decomposeKpiChange({ formula: 'a', drivers: { a: 'b * 2', b: 'a + 1' }, before: {}, after: {} }),
    ).toThrow(/circular/);
    expect(() =>
      decomposeKpiChange({ formula: 'a + b', method: 'lmdi', before: { a: 1, b: 1 }, after: { a: 2, b: 2 } }),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  const positive = fc.double({ min: 0.01, max: 1e6, noNaN: true });
  // Business values: zero or at least 1e-9 in magnitude. Subnormal magnitudes make the formula's own rounding
  // (intermediate products underflowing) exceed any tolerance relative to the results.
  const anyValue = fc
    .double({ min: -1e6, max: 1e6, noNaN: true })
    .filter((value) => value === 0 || Math.abs(value) >= 1e-9);
  const formulas = fc.constantFrom('a * b * c', 'a * b / c', '(a + b) * c', 'a - b / c', 'a * (b - c) + 3');

  it('makes contributions sum to the change for any formula and values, or throws a typed error', () => {
    fc.assert(
      fc.property(
        formulas,
        fc.tuple(anyValue, anyValue, anyValue),
        fc.tuple(anyValue, anyValue, anyValue),
        (formula, b, a) => {
          let result: ReturnType<typeof decomposeKpiChange>;
          try {
            result = decomposeKpiChange({
              formula,
              before: { a: b[0], b: b[1], c: b[2] },
              after: { a: a[0], b: a[1], c: a[2] },
            });
          } catch (error) {
            expect(DyocenseError.isInstance(error)).toBe(true);
            return;
          }
          // Shapley differences of large intermediate values cancel; rounding is relative to the largest term.
          const scale = Math.max(
            1,
            Math.abs(result.before),
            Math.abs(result.after),
            ...result.contributions.map((entry) => Math.abs(entry.contribution)),
            // Mixed before/after values inside a product, e.g. a₁·(b₁ − c₀), can be far larger than either KPI.
            Math.max(...b.map(Math.abs), ...a.map(Math.abs)) ** 2,
          );
          expect(Math.abs(result.residual)).toBeLessThan(1e-9 * scale);
          for (const entry of result.contributions) expect(Number.isNaN(entry.contribution)).toBe(false);
        },
      ),
    );
  });

  it('gives LMDI contributions that do not depend on the order of the factors', () => {
    fc.assert(
      fc.property(fc.tuple(positive, positive, positive), fc.tuple(positive, positive, positive), (b, a) => {
        const values = { before: { a: b[0], b: b[1], c: b[2] }, after: { a: a[0], b: a[1], c: a[2] } };
        const forward = decomposeKpiChange({ formula: 'a * b * c', ...values });
        const reordered = decomposeKpiChange({ formula: 'c * a * b', ...values });
        for (const entry of forward.contributions) {
          const other = reordered.contributions.find((candidate) => candidate.metric === entry.metric);
          expect(Math.abs((other?.contribution ?? Number.NaN) - entry.contribution)).toBeLessThanOrEqual(
            // Reordering the factors changes the KPI's rounding by an ulp, which the LMDI weight carries.
            1e-12 * Math.max(1, Math.abs(forward.before), Math.abs(forward.after)),
          );
        }
      }),
    );
  });
});
