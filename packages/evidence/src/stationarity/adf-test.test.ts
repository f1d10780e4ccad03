import { describe, expect, it } from 'vitest';
import { difference, readDaily, readGrangerFixture } from '../__fixtures__/evidence-fixtures.js';
import { adfTest } from './adf-test.js';

const daily = readDaily();

describe.each(['levels', 'diff'] as const)(
  'adfTest on %s against statsmodels adfuller(regression="c", autolag="AIC")',
  (transform) => {
    const fixture = readGrangerFixture(transform);
    for (const [name, reference] of Object.entries(fixture.stationarity)) {
      it(`reproduces ${name}: lag, rows, statistic, p-value and critical values`, () => {
        const values = daily.series[name] as number[];
        const result = adfTest({ values: transform === 'levels' ? values : difference(values) });
        expect(result.usedLag).toBe(reference.usedlag);
        expect(result.observations).toBe(reference.nobs);
        expect(Math.abs(result.statistic / reference.adf_stat - 1)).toBeLessThan(1e-9);
        expect(Math.abs(result.pValue - reference.adf_p)).toBeLessThan(1e-10);
        expect(result.criticalValues['1%']).toBeCloseTo(reference.crit['1%'], 12);
        expect(result.criticalValues['5%']).toBeCloseTo(reference.crit['5%'], 12);
        expect(result.criticalValues['10%']).toBeCloseTo(reference.crit['10%'], 12);
      });
    }
  },
);
