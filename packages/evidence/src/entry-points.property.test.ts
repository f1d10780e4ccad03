import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adfTest,
  adjustPValues,
  buildCausalGraph,
  correlate,
  decomposeKpiChange,
  decomposeMixRate,
  estimateImpact,
  estimateTreatmentEffects,
  estimateWhatIf,
  explainChange,
  fitOls,
  grangerCausality,
  selectVarOrder,
} from './index.js';

// Every public entry point, fed (a) inputs with one NaN, ±Infinity or a misaligned column, which must be refused
// with a typed `invalid_input` error, and (b) arbitrary well-formed inputs, which must give a result with no NaN
// anywhere in it or a typed error — never a crash.

/** Path of the first NaN inside `value`, or null. */
function findNaN(value: unknown, path = 'result'): string | null {
  if (typeof value === 'number') return Number.isNaN(value) ? path : null;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    for (let index = 0; index < items.length; index++) {
      const found = findNaN(items[index], `${path}[${index}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) {
      const found = findNaN(entry, `${path}.${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Runs `call`: a result must hold no NaN; an error must be a DyocenseError. */
function expectNoNaNOrTyped(call: () => unknown): void {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    if (!DyocenseError.isInstance(error)) throw error;
    return;
  }
  expect(findNaN(result)).toBeNull();
}

function expectInvalidInput(call: () => unknown): void {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(DyocenseError.isInstance(thrown)).toBe(true);
  expect((thrown as DyocenseError).code).toBe('invalid_input');
}

const badNumber = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
const businessValue = fc.double({ min: 1, max: 1000, noNaN: true });

/** Three aligned daily series (a drives b a day later, c is noise) of `length` points. */
function threeSeries(minLength: number, maxLength: number) {
  return fc.integer({ min: minLength, max: maxLength }).chain((length) =>
    fc
      .tuple(
        fc.array(businessValue, { minLength: length, maxLength: length }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: length, maxLength: length }),
        fc.array(businessValue, { minLength: length, maxLength: length }),
      )
      .map(([a, noise, c]) => ({
        a,
        b: a.map((_, index) => 2 * (a[index - 1] ?? 100) + (noise[index] as number) + 50),
        c,
      })),
  );
}

type Series = Record<'a' | 'b' | 'c', number[]>;

/** A copy of `series` with one value replaced by NaN/±Infinity, or one column a point short. */
const corruption = fc.record({
  name: fc.constantFrom<'a' | 'b' | 'c'>('a', 'b', 'c'),
  position: fc.nat(),
  value: fc.option(badNumber, { nil: undefined }),
});
function corrupt(
  series: Series,
  change: { name: 'a' | 'b' | 'c'; position: number; value: number | undefined },
): Series {
  const values = [...series[change.name]];
  if (change.value === undefined) values.pop();
  else values[change.position % values.length] = change.value;
  return { ...series, [change.name]: values };
}

function datesFor(length: number): string[] {
  return Array.from({ length }, (_, index) =>
    new Date(Date.UTC(2024, 0, 1 + index)).toISOString().slice(0, 10),
  );
}

const wideCalls: Record<string, (series: Series) => unknown> = {
  grangerCausality: (series) => grangerCausality({ series, maxLag: 2 }),
  correlate: (series) => correlate({ series }),
  selectVarOrder: (series) => selectVarOrder({ series, maxLag: 2 }),
  buildCausalGraph: (series) => buildCausalGraph({ series, maxLag: 2 }),
  estimateImpact: (series) =>
    estimateImpact({ series, target: 'b', controls: ['a'], interventionIndex: series.b.length - 8 }),
  estimateWhatIf: (series) =>
    estimateWhatIf({
      series,
      graph: { edges: [{ source: 'a', target: 'b', lag: 1 }] },
      treatment: 'a',
      outcome: 'b',
      change: 0.2,
      lags: 1,
      fromIndex: series.a.length - 10,
      draws: 50,
    }),
  explainChange: (series) => {
    const dates = datesFor(series.b.length);
    const half = Math.floor(dates.length / 2);
    return explainChange({
      series,
      dates,
      metric: 'b',
      from: { start: dates[0] as string, end: dates[half - 1] as string },
      to: { start: dates[half] as string, end: dates[dates.length - 1] as string },
      maxLag: 1,
      draws: 50,
    });
  },
  adfTest: (series) => adfTest({ values: series.b }),
  fitOls: (series) =>
    fitOls({
      design: series.a.map((value, index) => [value, series.c[index] as number]),
      response: series.b,
    }),
  estimateTreatmentEffects: (series) =>
    estimateTreatmentEffects({
      treatment: series.b.map((_, index) => (index % 3 === 0 ? 1 : 0)),
      outcome: series.b,
      covariates: { a: series.a, c: series.c },
      bootstrap: 10,
    }),
};

describe('every public entry point refuses bad numbers and misaligned columns with invalid_input', () => {
  for (const [name, call] of Object.entries(wideCalls)) {
    it(name, () => {
      fc.assert(
        fc.property(threeSeries(40, 70), corruption, (series, change) => {
          // adfTest reads one column: a shorter column alone is not misaligned.
          if (name === 'adfTest' && (change.name !== 'b' || change.value === undefined)) return;
          expectInvalidInput(() => call(corrupt(series, change)));
        }),
        { numRuns: 25 },
      );
    });
  }

  it('adjustPValues', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        badNumber,
        (pValues, position, bad) => {
          const broken = [...pValues];
          broken[position % broken.length] = bad;
          expectInvalidInput(() => adjustPValues({ pValues: broken }));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('decomposeKpiChange', () => {
    fc.assert(
      fc.property(
        fc.tuple(businessValue, businessValue),
        fc.tuple(businessValue, businessValue),
        badNumber,
        fc.boolean(),
        (before, after, bad, inBefore) => {
          const values = (pair: [number, number], broken: boolean) => ({
            orders: broken ? bad : pair[0],
            price: pair[1],
          });
          expectInvalidInput(() =>
            decomposeKpiChange({
              formula: 'orders * price',
              before: values(before, inBefore),
              after: values(after, !inBefore),
            }),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('decomposeMixRate', () => {
    fc.assert(
      fc.property(
        fc.tuple(businessValue, businessValue, businessValue, businessValue),
        badNumber,
        fc.nat(3),
        (values, bad, position) => {
          const broken = values.map((value, index) => (index === position ? bad : value));
          expectInvalidInput(() =>
            decomposeMixRate({
              segments: [
                {
                  segment: 'paid',
                  before: { base: broken[0] as number, outcome: broken[1] as number },
                  after: { base: 10, outcome: 1 },
                },
                {
                  segment: 'email',
                  before: { base: 10, outcome: 2 },
                  after: { base: broken[2] as number, outcome: broken[3] as number },
                },
              ],
            }),
          );
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('every public entry point returns no NaN anywhere for well-formed input, or a typed error', () => {
  for (const [name, call] of Object.entries(wideCalls)) {
    it(name, () => {
      fc.assert(
        fc.property(threeSeries(0, 70), (series) => expectNoNaNOrTyped(() => call(series))),
        { numRuns: 25 },
      );
    });
  }

  it('adjustPValues', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }),
        fc.constantFrom('bh', 'holm', 'bonferroni'),
        (pValues, method) => expectNoNaNOrTyped(() => adjustPValues({ pValues, method })),
      ),
    );
  });

  it('decomposeKpiChange', () => {
    const amount = fc.double({ min: -1000, max: 1000, noNaN: true });
    fc.assert(
      fc.property(
        fc.constantFrom('a * b', 'a / b', 'a + b', '(a - b) * a'),
        fc.tuple(amount, amount),
        fc.tuple(amount, amount),
        (formula, before, after) =>
          expectNoNaNOrTyped(() =>
            decomposeKpiChange({
              formula,
              before: { a: before[0], b: before[1] },
              after: { a: after[0], b: after[1] },
            }),
          ),
      ),
    );
  });

  it('decomposeMixRate', () => {
    const amount = fc.double({ min: 0, max: 1000, noNaN: true });
    const period = fc.record({ base: amount, outcome: amount });
    fc.assert(
      fc.property(
        fc.array(fc.record({ before: period, after: period }), { minLength: 1, maxLength: 5 }),
        (segments) =>
          expectNoNaNOrTyped(() =>
            decomposeMixRate({
              segments: segments.map((entry, index) => ({ segment: `s${index}`, ...entry })),
            }),
          ),
      ),
    );
  });
});
