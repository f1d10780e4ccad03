import { describe, expect, it } from 'vitest';
import { DyocenseError } from '../errors/index.js';
import { revenue } from './__fixtures__/metrics.js';
import { defineMetric, metricUnit } from './metric.js';
import { formatUnit } from './unit.js';

describe('defineMetric', () => {
  it('returns a valid definition unchanged', () => {
    expect(defineMetric({ ...revenue, currency: 'EUR', tags: ['sales'] })).toEqual({
      ...revenue,
      currency: 'EUR',
      tags: ['sales'],
    });
  });

  it('rejects an id that is not a slug', () => {
    let error: unknown;
    try {
      defineMetric({ ...revenue, id: 'Net Revenue' });
    } catch (caught) {
      error = caught;
    }
    expect(DyocenseError.isInstance(error) && error.code).toBe('invalid_input');
    expect((error as DyocenseError).issues[0]?.path).toEqual(['id']);
  });

  it('rejects a currency code on a unit without money', () => {
    expect(() => defineMetric({ ...revenue, unit: 'count:orders', currency: 'USD' })).toThrow(
      'Invalid metric definition "revenue": currency: is only allowed when the unit contains a plain "currency" factor (unit is "count:orders")',
    );
  });

  it('rejects an unknown unit, aggregation or direction', () => {
    expect(() => defineMetric({ ...revenue, unit: 'bananas' })).toThrow(/unit/);
    expect(() => defineMetric({ ...revenue, aggregation: 'median' as never })).toThrow(/aggregation/);
    expect(() => defineMetric({ ...revenue, direction: 'up' as never })).toThrow(/direction/);
  });
});

describe('metricUnit', () => {
  it('applies the currency code to the generic currency factor', () => {
    expect(formatUnit(metricUnit({ ...revenue, currency: 'USD' }))).toBe('currency:USD');
    expect(formatUnit(metricUnit({ ...revenue, unit: 'currency/hours', currency: 'EUR' }))).toBe(
      'currency:EUR/hours',
    );
  });

  it('leaves the reporting currency generic without a code', () => {
    expect(formatUnit(metricUnit(revenue))).toBe('currency');
  });
});
