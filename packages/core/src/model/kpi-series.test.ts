import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught } from '../errors/__fixtures__/caught.js';
import { DyocenseError } from '../errors/index.js';
import { averageOrderValue as aov, daysInventoryOnHand, orders } from './__fixtures__/metrics.js';
import type { Grain } from './frequency.js';
import type { KpiDefinitionInput } from './kpi-definition.js';
import { computeKpiSeries, type KpiSeries } from './kpi-series.js';

const utc = (text: string): number => Date.parse(text);

/** A KPI that is the order count itself. */
const orderCount: KpiDefinitionInput = {
  ...aov,
  id: 'orders_kpi',
  formula: 'orders',
  unit: 'count:orders',
  metrics: [orders],
};

/** Average order value per `grain` from revenue and order counts observed at `timestamps` (UTC series). */
function aovSeries(timestamps: number[], revenue: number[], orderCounts: number[], grain: Grain): KpiSeries {
  return computeKpiSeries(
    aov,
    {
      revenue: { id: 'revenue', timestamps, values: revenue },
      orders: { id: 'orders', timestamps, values: orderCounts },
    },
    { grain },
  );
}

describe('computeKpiSeries', () => {
  it('computes a ratio KPI as the ratio of the period sums, not the mean of daily ratios', () => {
    // Day 1: 900 / 10 orders = 90 per order; day 2: 100 / 1 order = 100 per order.
    // Mean of the daily ratios would be 95; the week's AOV is 1000 / 11 = 90.909...
    const days = [utc('2024-05-06T10:00:00Z'), utc('2024-05-07T10:00:00Z')];
    const result = aovSeries(days, [900, 100], [10, 1], 'week');
    expect(result.timestamps).toEqual([utc('2024-05-06T00:00:00Z')]);
    expect(result.values[0]).toBeCloseTo(1000 / 11, 12);
    expect(result.values[0]).not.toBeCloseTo(95, 3);
  });

  it('returns a TimeSeries-shaped result with the KPI id, unit, grain and zone', () => {
    const days = [utc('2024-05-06T10:00:00Z')];
    const result = computeKpiSeries(
      aov,
      {
        revenue: { id: 'r', timestamps: days, values: [50], timeZone: 'Europe/Paris' },
        orders: { id: 'o', timestamps: days, values: [2], timeZone: 'Europe/Paris' },
      },
      { grain: 'day' },
    );
    expect(result).toEqual({
      id: 'average_order_value',
      metric: 'average_order_value',
      unit: 'currency/count:orders',
      frequency: 'day',
      timeZone: 'Europe/Paris',
      timestamps: [utc('2024-05-05T22:00:00Z')],
      values: [25],
      reasons: [null],
    });
  });

  it('groups by local days across a DST change: the 23-hour day holds 23 hourly points', () => {
    // Europe/Paris springs forward on 2024-03-31: that local day runs from 23:00Z to 22:00Z.
    const start = utc('2024-03-30T23:00:00Z');
    const hours = Array.from({ length: 25 }, (_, index) => start + index * 3_600_000);
    const ones = hours.map(() => 1);
    const result = computeKpiSeries(
      orderCount,
      { orders: { id: 'orders', timestamps: hours, values: ones } },
      { grain: 'day', timeZone: 'Europe/Paris' },
    );
    expect(result.timestamps).toEqual([start, utc('2024-03-31T22:00:00Z')]);
    expect(result.values).toEqual([23, 2]);
  });

  it('groups by local days across the autumn DST change: the 25-hour day holds 25 hourly points', () => {
    // America/New_York falls back on 2024-11-03: that local day runs from 04:00Z to 05:00Z the next day.
    const start = utc('2024-11-03T04:00:00Z');
    const hours = Array.from({ length: 26 }, (_, index) => start + index * 3_600_000);
    const result = computeKpiSeries(
      orderCount,
      {
        orders: { id: 'orders', timestamps: hours, values: hours.map(() => 1), timeZone: 'America/New_York' },
      },
      { grain: 'day' },
    );
    expect(result.timestamps).toEqual([start, utc('2024-11-04T05:00:00Z')]);
    expect(result.values).toEqual([25, 1]);
  });

  it('uses the local calendar month length as period_days (29 days in February 2024)', () => {
    const days = [utc('2024-02-01T12:00:00Z'), utc('2024-02-29T12:00:00Z'), utc('2024-03-15T12:00:00Z')];
    const result = computeKpiSeries(
      daysInventoryOnHand,
      {
        inventory_value: { id: 'inventory', timestamps: days, values: [1_000, 3_000, 3_100] },
        cogs: { id: 'cogs', timestamps: days, values: [2_000, 2_000, 6_200] },
      },
      { grain: 'month' },
    );
    // February: mean inventory 2 000 / COGS 4 000 × 29 days = 14.5; March: 3 100 / 6 200 × 31 = 15.5.
    expect(result.values).toEqual([14.5, 15.5]);
  });

  it('gives null with division_by_zero for a period without orders, and keeps the others', () => {
    const days = [utc('2024-01-01T09:00:00Z'), utc('2024-01-02T09:00:00Z')];
    const result = aovSeries(days, [0, 40], [0, 4], 'day');
    expect(result.values).toEqual([null, 10]);
    expect(result.reasons[0]).toEqual({
      code: 'division_by_zero',
      message: 'average_order_value: the divisor "orders" (column 11) is 0 for this period',
    });
    expect(result.reasons[1]).toBeNull();
  });

  it('gives null with missing_input when a metric has no data in a period', () => {
    const result = computeKpiSeries(
      aov,
      {
        revenue: {
          id: 'revenue',
          timestamps: [utc('2024-01-01T09:00:00Z'), utc('2024-01-02T09:00:00Z')],
          values: [10, 20],
        },
        orders: {
          id: 'orders',
          timestamps: [utc('2024-01-01T09:00:00Z'), utc('2024-01-02T09:00:00Z')],
          values: [2, null],
        },
      },
      { grain: 'day' },
    );
    expect(result.values).toEqual([5, null]);
    expect(result.reasons[1]).toEqual({
      code: 'missing_input',
      message: 'average_order_value: no data for orders in this day',
    });
  });

  it('rejects a missing series, a period-indexed series and conflicting zones', () => {
    const series = { id: 'x', timestamps: [utc('2024-01-01T00:00:00Z')], values: [1] };
    expect(caught(() => computeKpiSeries(aov, { revenue: series }, { grain: 'day' })).message).toBe(
      'average_order_value: needs a series for metric "orders" (given: revenue)',
    );
    expect(
      caught(() =>
        computeKpiSeries(
          aov,
          { revenue: series, orders: { id: 'o', frequency: 'period', timestamps: [1], values: [1] } },
          { grain: 'day' },
        ),
      ).code,
    ).toBe('invalid_input');
    expect(
      caught(() =>
        computeKpiSeries(
          aov,
          { revenue: { ...series, timeZone: 'Asia/Tokyo' }, orders: series },
          { grain: 'day' },
        ),
      ).message,
    ).toBe(
      'average_order_value: the metric series are in different time zones (Asia/Tokyo, UTC); pass options.timeZone',
    );
  });

  it('rejects an unknown grain or time zone', () => {
    const series = { id: 'x', timestamps: [0], values: [1] };
    expect(
      caught(() =>
        computeKpiSeries(aov, { revenue: series, orders: series }, { grain: 'fortnight' as never }),
      ).code,
    ).toBe('invalid_input');
    expect(
      caught(() =>
        computeKpiSeries(
          aov,
          { revenue: series, orders: series },
          { grain: 'day', timeZone: 'Mars/Olympus' },
        ),
      ).message,
    ).toContain('is not a known IANA time zone');
  });

  it('never produces NaN or Infinity for any finite data', () => {
    const point = fc.record({
      at: fc.integer({ min: utc('2024-02-20T00:00:00Z'), max: utc('2024-04-10T00:00:00Z') }),
      revenue: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
      orders: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(point, { selector: (each) => each.at, maxLength: 30 }),
        fc.constantFrom('hour', 'day', 'week', 'month', 'quarter', 'year' as const),
        fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'),
        (points, grain, timeZone) => {
          const sorted = [...points].sort((a, b) => a.at - b.at);
          const timestamps = sorted.map((each) => each.at);
          let result: ReturnType<typeof computeKpiSeries>;
          try {
            result = computeKpiSeries(
              aov,
              {
                revenue: { id: 'r', timestamps, values: sorted.map((each) => each.revenue) },
                orders: { id: 'o', timestamps, values: sorted.map((each) => each.orders) },
              },
              { grain, timeZone },
            );
          } catch (error) {
            // A period whose sum exceeds the range of a double is rejected by resample.
            expect(DyocenseError.isInstance(error) && error.code).toBe('invalid_input');
            return;
          }
          result.values.forEach((value, index) => {
            if (value === null) expect(result.reasons[index]).not.toBeNull();
            else expect(Number.isFinite(value)).toBe(true);
          });
          expect([...result.timestamps].sort((a, b) => a - b)).toEqual(result.timestamps);
        },
      ),
      { numRuns: 150 },
    );
  }, 20_000);
});
