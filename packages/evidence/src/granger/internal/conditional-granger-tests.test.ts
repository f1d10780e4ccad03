import { describe, expect, it } from 'vitest';
import { difference, readDaily, readGrangerFixture } from '../../__fixtures__/evidence-fixtures.js';
import { conditionalGrangerTests } from './conditional-granger-tests.js';

const daily = readDaily();

describe.each(['levels', 'diff'] as const)(
  'conditional Granger on %s against statsmodels test_causality',
  (transform) => {
    const fixture = readGrangerFixture(transform);
    const names = fixture.meta.columns;
    const series = names.map((name) => {
      const values = daily.series[name] as number[];
      return Float64Array.from(transform === 'levels' ? values : difference(values));
    });

    it('reproduces F, both degrees of freedom and both p-values for all 56 pairs at the summary lag', () => {
      const results = conditionalGrangerTests(series, fixture.meta.summary_lag);
      if (results === undefined) throw new Error('collinear');
      for (const reference of fixture.conditional) {
        const result = results.find(
          (entry) => names[entry.cause] === reference.cause && names[entry.effect] === reference.effect,
        );
        if (result === undefined) throw new Error(`missing ${reference.cause} -> ${reference.effect}`);
        expect(Math.abs(result.fStatistic / reference.var_F - 1)).toBeLessThan(1e-8);
        expect([result.dfNumerator, result.dfDenominator]).toEqual(reference.var_df);
        expect(result.singleEquationDfDenominator).toBe(reference.ols_df[1]);
        expect(Math.abs(result.pValue - reference.var_F_p)).toBeLessThan(1e-8);
        expect(Math.abs(result.singleEquationPValue - reference.ols_F_p)).toBeLessThan(1e-8);
      }
    });
  },
);
