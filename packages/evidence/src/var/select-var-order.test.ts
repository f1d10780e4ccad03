import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { difference, readDaily, readGrangerFixture } from '../__fixtures__/evidence-fixtures.js';
import { selectVarOrder } from './select-var-order.js';

const daily = readDaily();

describe.each(['levels', 'diff'] as const)(
  'selectVarOrder on %s against statsmodels VAR.select_order',
  (transform) => {
    const fixture = readGrangerFixture(transform);
    const series = Object.fromEntries(
      fixture.meta.columns.map((name) => {
        const values = daily.series[name] as number[];
        return [name, transform === 'levels' ? values : difference(values)];
      }),
    );
    const selection = selectVarOrder({ series, maxLag: fixture.var_order.maxlags });

    it('selects the same order under every criterion', () => {
      expect(selection.selected).toEqual(fixture.var_order.selected);
      expect(selection.observations).toBe(fixture.var_order.nobs_used);
    });

    it('reproduces every criterion value within 1e-9 (FPE relative)', () => {
      for (const criterion of ['aic', 'bic', 'hqic'] as const) {
        fixture.var_order.ics[criterion].forEach((expected, order) => {
          expect(Math.abs((selection.criteria[criterion][order] as number) - expected)).toBeLessThan(1e-9);
        });
      }
      fixture.var_order.ics.fpe.forEach((expected, order) => {
        expect(Math.abs((selection.criteria.fpe[order] as number) / expected - 1)).toBeLessThan(1e-9);
      });
    });
  },
);

describe('selectVarOrder input errors', () => {
  it('refuses too few points for the lag with insufficient_data', () => {
    const short = { a: [1, 2, 4, 3, 5, 6], b: [2, 1, 3, 5, 4, 7] };
    expect(() => selectVarOrder({ series: short, maxLag: 3 })).toThrow(
      expect.objectContaining({ code: 'insufficient_data' }),
    );
  });

  it('refuses series of different lengths, naming the misaligned one', () => {
    try {
      selectVarOrder({ series: { a: [1, 2, 3], b: [1, 2] }, maxLag: 1 });
      expect.unreachable();
    } catch (error) {
      expect(DyocenseError.isInstance(error) && error.code).toBe('invalid_input');
      expect((error as Error).message).toContain('b');
    }
  });
});
