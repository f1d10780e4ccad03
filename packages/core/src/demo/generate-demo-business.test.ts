import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DyocenseError } from '../errors/index.js';
import { getKpi, libraryMetrics } from '../kpi/index.js';
import { computeKpiSeries } from '../model/kpi-series.js';
import { metricDefinitionSchema } from '../model/metric.js';
import { type TimeSeries, timeSeriesSchema } from '../model/series.js';
import type { DemoBusiness, DemoEvent } from './demo-business.js';
import { generateDemoBusiness } from './generate-demo-business.js';

let demo: DemoBusiness;
beforeAll(() => {
  demo = generateDemoBusiness();
});

function valuesOf(business: DemoBusiness, id: string): number[] {
  const series = business.series.find((candidate) => candidate.id === id);
  if (series === undefined) throw new Error(`no series ${id}`);
  return series.values.map((value) => value ?? Number.NaN);
}

/** Local calendar dates of the default range, by position. */
function datesOf(business: DemoBusiness): string[] {
  const first = Date.parse(`${business.start}T00:00:00Z`);
  return Array.from({ length: business.days }, (_, index) =>
    new Date(first + index * 86_400_000).toISOString().slice(0, 10),
  );
}

function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Ordinary least squares by the normal equations (Gauss–Jordan with partial pivoting). */
function leastSquares(rows: readonly number[][], targets: readonly number[]): number[] {
  const width = rows[0]?.length ?? 0;
  const system = Array.from({ length: width }, () => new Array<number>(width + 1).fill(0));
  rows.forEach((row, rowIndex) => {
    for (let i = 0; i < width; i++) {
      const xi = row[i] ?? 0;
      if (xi === 0) continue;
      const line = system[i] as number[];
      for (let j = 0; j < width; j++) line[j] = (line[j] ?? 0) + xi * (row[j] ?? 0);
      line[width] = (line[width] ?? 0) + xi * (targets[rowIndex] ?? 0);
    }
  });
  for (let column = 0; column < width; column++) {
    let pivot = column;
    for (let row = column + 1; row < width; row++) {
      if (Math.abs(system[row]?.[column] ?? 0) > Math.abs(system[pivot]?.[column] ?? 0)) pivot = row;
    }
    [system[column], system[pivot]] = [system[pivot] as number[], system[column] as number[]];
    const pivotRow = system[column] as number[];
    for (let row = 0; row < width; row++) {
      if (row === column) continue;
      const line = system[row] as number[];
      const factor = (line[column] ?? 0) / (pivotRow[column] ?? 1);
      for (let k = column; k <= width; k++) line[k] = (line[k] ?? 0) - factor * (pivotRow[k] ?? 0);
    }
  }
  return system.map((line, index) => (line[width] ?? 0) / (line[index] ?? 1));
}

describe('generateDemoBusiness: determinism', () => {
  it('gives byte-identical JSON for the same seed', () => {
    expect(JSON.stringify(generateDemoBusiness({ seed: 1 }))).toBe(JSON.stringify(demo));
  });

  it('gives different data for a different seed', () => {
    const other = generateDemoBusiness({ seed: 2 });
    expect(valuesOf(other, 'shop-1/orders')).not.toEqual(valuesOf(demo, 'shop-1/orders'));
    expect(other.truth.seed).toBe(2);
  });

  it('pins the first values and the SHA-256 of the default data set', () => {
    expect(valuesOf(demo, 'shop-1/orders').slice(0, 7)).toEqual([114, 217, 508, 571, 584, 514, 287]);
    expect(valuesOf(demo, 'shop-1/coffee/revenue').slice(0, 3)).toEqual([522.25, 1141.24, 2512.79]);
    expect(valuesOf(demo, 'online/visits').slice(0, 3)).toEqual([667, 1101, 978]);
    // Math.exp, Math.log and Math.cos feed the data; V8 computes them with its fdlibm port on every platform.
    expect(createHash('sha256').update(JSON.stringify(demo)).digest('hex')).toBe(
      'fdd2ef8d9e603db9482f170a0126a2f26a2b5694b19099affe49abfe9a8d1cb3',
    );
  });

  it('keeps a shop the same when more shops are added (each shop draws from its own streams)', () => {
    const five = generateDemoBusiness({ shops: 5 });
    expect(valuesOf(five, 'shop-2/coffee/units')).toEqual(valuesOf(demo, 'shop-2/coffee/units'));
    expect(five.shops.map((shop) => shop.name)).toEqual([
      'City Centre',
      'Suburb',
      'Riverside',
      'City Centre 2',
      'Suburb 2',
    ]);
  });
});

describe('generateDemoBusiness: shape', () => {
  it('covers 730 days from 2023-01-01 for three shops in Europe/London by default', () => {
    expect(demo).toMatchObject({
      seed: 1,
      start: '2023-01-01',
      end: '2024-12-30',
      days: 730,
      timeZone: 'Europe/London',
      currency: 'GBP',
    });
    expect(demo.shops.map((shop) => `${shop.id} ${shop.kind}`)).toEqual([
      'shop-1 city_centre',
      'shop-2 suburb',
      'shop-3 riverside',
    ]);
  });

  it('has revenue, units and cost of goods for 3 shops × 3 categories, 730 days each', () => {
    const sales = demo.series.filter((series) => /^shop-\d\/(coffee|food|merchandise)\//.test(series.id));
    expect(sales).toHaveLength(3 * 3 * 3);
    expect(sales.every((series) => series.values.length === 730 && series.timestamps.length === 730)).toBe(
      true,
    );
    expect(demo.series).toHaveLength(3 * 22 + 3);
    expect(new Set(demo.series.map((series) => series.id)).size).toBe(demo.series.length);
  });

  it('produces series that pass the core time-series schema, at the local midnights of the zone', () => {
    for (const series of demo.series) expect(timeSeriesSchema.safeParse(series).success).toBe(true);
    const timestamps = demo.series[0]?.timestamps ?? [];
    expect(new Date(timestamps[0] ?? 0).toISOString()).toBe('2023-01-01T00:00:00.000Z');
    // 1 June 2023 is in British Summer Time: local midnight is 23:00 UTC the day before.
    expect(new Date(timestamps[151] ?? 0).toISOString()).toBe('2023-05-31T23:00:00.000Z');
  });

  it('defines every metric a series uses, valid under the core metric schema, with matching units', () => {
    const metrics = new Map(demo.metrics.map((metric) => [metric.id, metric]));
    for (const metric of demo.metrics) expect(metricDefinitionSchema.safeParse(metric).success).toBe(true);
    for (const series of demo.series) {
      const metric = metrics.get(series.metric ?? '');
      expect(metric, series.id).toBeDefined();
      expect(series.unit).toBe(metric?.unit);
    }
  });

  it('has only finite, non-negative values, and money in whole pennies', () => {
    const money = new Set(['revenue', 'cogs', 'marketing_spend', 'labour_cost', 'inventory_value']);
    const offending: string[] = [];
    for (const series of demo.series) {
      series.values.forEach((value, index) => {
        const finite = typeof value === 'number' && Number.isFinite(value) && value >= 0;
        const pennies = !money.has(series.metric ?? '') || Math.round((value ?? 0) * 100) / 100 === value;
        if (!finite || !pennies) offending.push(`${series.id}[${index}] = ${value}`);
      });
    }
    expect(offending).toEqual([]);
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(demo))).toEqual(demo);
  });

  it('generates the default data set well under a second', () => {
    const started = performance.now();
    generateDemoBusiness({ seed: 99 });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('generateDemoBusiness: calendar effects', () => {
  it('closes every shop on Christmas Day and Boxing Day: no orders, sales or staff', () => {
    const dates = datesOf(demo);
    const closed = dates.flatMap((date, index) => (/-12-2[56]$/.test(date) ? [index] : []));
    expect(closed.map((index) => dates[index])).toEqual([
      '2023-12-25',
      '2023-12-26',
      '2024-12-25',
      '2024-12-26',
    ]);
    for (const shop of demo.shops) {
      for (const suffix of [
        'orders',
        'coffee/revenue',
        'food/revenue',
        'merchandise/revenue',
        'labour_hours',
      ]) {
        const values = valuesOf(demo, `${shop.id}/${suffix}`);
        expect(closed.map((index) => values[index])).toEqual([0, 0, 0, 0]);
      }
    }
    const holidayEvents = demo.events.filter((event) => event.type === 'holiday' && event.closed);
    expect(holidayEvents.map((event) => `${event.start} ${event.name}`)).toEqual([
      '2023-12-25 Christmas Day',
      '2023-12-26 Boxing Day',
      '2024-12-25 Christmas Day',
      '2024-12-26 Boxing Day',
    ]);
  });

  it('lists the bank holidays of both years, Easter included', () => {
    const open = demo.events
      .filter((event) => event.type === 'holiday' && !event.closed)
      .map((event) => event.start);
    expect(open).toEqual([
      '2023-01-02',
      '2023-04-07',
      '2023-04-10',
      '2023-05-01',
      '2023-05-29',
      '2023-08-28',
      '2024-01-01',
      '2024-03-29',
      '2024-04-01',
      '2024-05-06',
      '2024-05-27',
      '2024-08-26',
    ]);
  });

  it('makes weekends quiet in the city centre and busy in the suburb and by the river', () => {
    const dates = datesOf(demo);
    const holidays = new Set(
      demo.events.filter((event) => event.type === 'holiday').map((event) => event.start),
    );
    const weekendRatio = (shopId: string): number => {
      const orders = valuesOf(demo, `${shopId}/orders`);
      const weekend: number[] = [];
      const weekday: number[] = [];
      dates.forEach((date, index) => {
        if (holidays.has(date)) return;
        (weekdayOf(date) >= 5 ? weekend : weekday).push(orders[index] ?? 0);
      });
      return sum(weekend) / weekend.length / (sum(weekday) / weekday.length);
    };
    // Truth: city centre Sat/Sun 0.62/0.48 of a ~1.08 weekday; suburb 1.32/1.24 of ~0.93.
    expect(weekendRatio('shop-1')).toBeLessThan(0.65);
    expect(weekendRatio('shop-2')).toBeGreaterThan(1.2);
    expect(weekendRatio('shop-3')).toBeGreaterThan(1.2);
  });

  it('sells fewer coffees per order in summer than in winter (hot drinks dip)', () => {
    const dates = datesOf(demo);
    const ratio = (months: readonly string[]): number => {
      let units = 0;
      let orders = 0;
      for (const shop of demo.shops) {
        const coffee = valuesOf(demo, `${shop.id}/coffee/units`);
        const shopOrders = valuesOf(demo, `${shop.id}/orders`);
        dates.forEach((date, index) => {
          if (date.startsWith('2023') && months.includes(date.slice(5, 7))) {
            units += coffee[index] ?? 0;
            orders += shopOrders[index] ?? 0;
          }
        });
      }
      return units / orders;
    };
    // Truth: amplitude 0.10 around mid-January, so July is ~18% below January.
    expect(ratio(['07']) / ratio(['01'])).toBeLessThan(0.88);
  });

  it('sells more merchandise per order in the gift season (1–24 December)', () => {
    const dates = datesOf(demo);
    const units = valuesOf(demo, 'shop-2/merchandise/units');
    const orders = valuesOf(demo, 'shop-2/orders');
    const rate = (predicate: (date: string) => boolean): number => {
      const indexes = dates.flatMap((date, index) => (predicate(date) ? [index] : []));
      return sum(indexes.map((index) => units[index] ?? 0)) / sum(indexes.map((index) => orders[index] ?? 0));
    };
    const gift = rate((date) => /-12-(0\d|1\d|2[0-4])$/.test(date));
    const november = rate((date) => date.slice(5, 7) === '11');
    expect(gift / november).toBeGreaterThan(2);
  });
});

describe('generateDemoBusiness: price change', () => {
  it('raises coffee prices by 8% on the first trading Monday after the middle of the range', () => {
    expect(demo.truth.priceChange).toMatchObject({
      category: 'coffee',
      date: '2024-01-08',
      multiplier: 1.08,
    });
    const event = demo.events.find((candidate) => candidate.type === 'price_change');
    expect(event).toMatchObject({
      start: '2024-01-08',
      end: '2024-12-30',
      category: 'coffee',
      multiplier: 1.08,
    });
  });

  it('shows as a level change of about 1.08 in revenue per unit in every shop', () => {
    const change = datesOf(demo).indexOf('2024-01-08');
    for (const shop of demo.shops) {
      const revenue = valuesOf(demo, `${shop.id}/coffee/revenue`);
      const units = valuesOf(demo, `${shop.id}/coffee/units`);
      const perUnit = (from: number, to: number): number =>
        sum(revenue.slice(from, to)) / sum(units.slice(from, to));
      // The daily average price has log-normal product-mix noise with sd 1.5%, so a 56-day mean has a standard
      // error near 0.2% and the ratio of two near 0.3%; ±1% is more than three standard errors.
      expect(Math.abs(perUnit(change, change + 56) / perUnit(change - 56, change) - 1.08)).toBeLessThan(0.01);
      // Food prices did not change.
      const food = valuesOf(demo, `${shop.id}/food/revenue`);
      const foodUnits = valuesOf(demo, `${shop.id}/food/units`);
      const foodRatio =
        sum(food.slice(change, change + 56)) /
        sum(foodUnits.slice(change, change + 56)) /
        (sum(food.slice(change - 56, change)) / sum(foodUnits.slice(change - 56, change)));
      expect(Math.abs(foodRatio - 1)).toBeLessThan(0.01);
    }
  });

  it('dips coffees per order by the elasticity, year on year over the same eight weeks', () => {
    const dates = datesOf(demo);
    const after = dates.indexOf('2024-01-08');
    const before = after - 364; // the same weekdays a year earlier, at the old price
    let ratioAfter = 0;
    let ratioBefore = 0;
    const window = (start: number, shopId: string): number => {
      const units = valuesOf(demo, `${shopId}/coffee/units`);
      const orders = valuesOf(demo, `${shopId}/orders`);
      const stockouts = valuesOf(demo, `${shopId}/beans/out_of_stock_sku_days`).map(
        (beans, index) => beans + (valuesOf(demo, `${shopId}/milk/out_of_stock_sku_days`)[index] ?? 0),
      );
      let unitTotal = 0;
      let orderTotal = 0;
      for (let index = start; index < start + 56; index++) {
        if ((stockouts[index] ?? 0) > 0) continue; // sales capped by missing beans or milk
        unitTotal += units[index] ?? 0;
        orderTotal += orders[index] ?? 0;
      }
      return unitTotal / orderTotal;
    };
    for (const shop of demo.shops) {
      ratioAfter += window(after, shop.id);
      ratioBefore += window(before, shop.id);
    }
    const elasticity = Math.log(ratioAfter / ratioBefore) / Math.log(1.08);
    // Coffees per order over 56 days × 3 shops (~70,000 cups) have a Poisson standard error near 0.4%, i.e.
    // 0.05 on the elasticity scale (ln 1.08 ≈ 0.077) per window and 0.07 for the difference of two windows;
    // ±0.25 is over three standard errors. Comparing with the same weeks a year earlier removes seasonality.
    expect(demo.truth.priceChange.ownPriceElasticity).toBe(-0.4);
    expect(Math.abs(elasticity - -0.4)).toBeLessThan(0.25);
  });
});

describe('generateDemoBusiness: marketing', () => {
  it('records each campaign as an event whose spend is the sum of its daily spend, and spends nothing else', () => {
    const dates = datesOf(demo);
    for (const shop of demo.shops) {
      const spend = valuesOf(demo, `${shop.id}/marketing_spend`);
      const campaigns = demo.events.filter(
        (event): event is Extract<DemoEvent, { type: 'campaign' }> =>
          event.type === 'campaign' && event.shopIds[0] === shop.id,
      );
      expect(campaigns.length).toBeGreaterThan(20);
      const covered = new Set<number>();
      for (const campaign of campaigns) {
        const from = dates.indexOf(campaign.start);
        const to = dates.indexOf(campaign.end);
        for (let index = from; index <= to; index++) covered.add(index);
        expect(Math.round(sum(spend.slice(from, to + 1)) * 100)).toBe(Math.round(campaign.spend * 100));
      }
      spend.forEach((value, index) => {
        if (!covered.has(index)) expect(value).toBe(0);
      });
    }
  });

  /** Regression rows: shop × weekday and shop × month dummies, a trend per shop, and spend at `lags`. */
  function marketingRegression(business: DemoBusiness, lags: readonly number[]): number[] {
    const dates = datesOf(business);
    const holidays = new Set(
      business.events.filter((event) => event.type === 'holiday').map((event) => event.start),
    );
    const shopCount = business.shops.length;
    const rows: number[][] = [];
    const targets: number[] = [];
    business.shops.forEach((shop, shopIndex) => {
      const orders = valuesOf(business, `${shop.id}/orders`);
      const spend = valuesOf(business, `${shop.id}/marketing_spend`);
      for (let index = Math.max(...lags); index < dates.length; index++) {
        const date = dates[index] as string;
        // Holidays and the festive week follow their own pattern; leave them out rather than model them.
        if (holidays.has(date) || /-12-(2[4-9]|3[01])$|-01-01$/.test(date)) continue;
        const row = new Array<number>(shopCount * (7 + 11 + 1) + lags.length).fill(0);
        row[shopIndex * 7 + weekdayOf(date)] = 1;
        const month = Number(date.slice(5, 7));
        if (month > 1) row[shopCount * 7 + shopIndex * 11 + month - 2] = 1;
        row[shopCount * 18 + shopIndex] = index / 365;
        lags.forEach((lag, position) => {
          row[shopCount * 19 + position] = spend[index - lag] ?? 0;
        });
        rows.push(row);
        targets.push(orders[index] ?? 0);
      }
    });
    return leastSquares(rows, targets).slice(-lags.length);
  }

  it('carries the true effect: OLS of orders on spend two days earlier recovers 0.5 orders per £', () => {
    const { ordersPerPound, lagDays } = demo.truth.marketing;
    expect({ ordersPerPound, lagDays }).toEqual({ ordersPerPound: 0.5, lagDays: 2 });
    const [estimate] = marketingRegression(demo, [lagDays]);
    // Across seeds 1–8 this estimate ranges 0.47–0.52 (standard error ≈ 0.02); ±0.1 is five standard errors.
    expect(Math.abs((estimate ?? 0) - ordersPerPound)).toBeLessThan(0.1);
  });

  it('puts the effect at the true lag: with spend at lags 0–4, only lag 2 matters', () => {
    const estimates = marketingRegression(demo, [0, 1, 2, 3, 4]);
    // Daily spend varies within a campaign week, so the lags can be told apart (standard errors ≈ 0.05).
    expect(Math.abs((estimates[2] ?? 0) - 0.5)).toBeLessThan(0.15);
    for (const lag of [0, 1, 3, 4]) expect(Math.abs(estimates[lag] ?? 1)).toBeLessThan(0.15);
  });
});

describe('generateDemoBusiness: staff and costs', () => {
  it('pays the hourly wage, rising 6% each 1 April', () => {
    const dates = datesOf(demo);
    const hours = valuesOf(demo, 'shop-1/labour_hours');
    const cost = valuesOf(demo, 'shop-1/labour_cost');
    const wageOn = (date: string): number => {
      const index = dates.indexOf(date);
      return (cost[index] ?? 0) / (hours[index] ?? 1);
    };
    // Labour cost is rounded to the penny, so the implied wage is exact to within half a penny an hour.
    expect(wageOn('2023-03-31')).toBeCloseTo(11.8, 2);
    expect(wageOn('2023-04-03')).toBeCloseTo(11.8 * 1.06, 2);
    expect(wageOn('2024-04-02')).toBeCloseTo(11.8 * 1.06 ** 2, 2);
  });

  it('schedules more staff hours on busier days', () => {
    const hours = valuesOf(demo, 'shop-2/labour_hours');
    const orders = valuesOf(demo, 'shop-2/orders');
    const open = orders.flatMap((value, index) => (value > 0 ? [index] : []));
    const meanOrders = sum(open.map((index) => orders[index] ?? 0)) / open.length;
    const meanHours = sum(open.map((index) => hours[index] ?? 0)) / open.length;
    const covariance = sum(
      open.map((index) => ((orders[index] ?? 0) - meanOrders) * ((hours[index] ?? 0) - meanHours)),
    );
    expect(covariance).toBeGreaterThan(0);
  });

  it('costs goods at the fixed unit cost of each category', () => {
    for (const [category, unitCost] of [
      ['coffee', 0.62],
      ['food', 2.05],
      ['merchandise', 5.6],
    ] as const) {
      expect(demo.truth.categories[category].unitCost).toBe(unitCost);
      const units = valuesOf(demo, `shop-3/${category}/units`);
      const cost = valuesOf(demo, `shop-3/${category}/cogs`);
      units.forEach((value, index) => {
        expect(cost[index]).toBe(Math.round(value * unitCost * 100) / 100);
      });
    }
  });
});

describe('generateDemoBusiness: inventory', () => {
  it('never holds negative stock, and records a stockout exactly when stock at close on a trading day is zero', () => {
    let stockoutDays = 0;
    for (const shop of demo.shops) {
      for (const item of ['beans', 'milk']) {
        const onHand = valuesOf(demo, `${shop.id}/${item}/on_hand`);
        const stockout = valuesOf(demo, `${shop.id}/${item}/out_of_stock_sku_days`);
        const tracked = valuesOf(demo, `${shop.id}/${item}/tracked_sku_days`);
        onHand.forEach((value, index) => {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(stockout[index]).toBe(value === 0 && tracked[index] === 1 ? 1 : 0);
        });
        stockoutDays += sum(stockout);
      }
    }
    // "Occasional": a handful of days a year per shop and item, not a chronic shortage.
    expect(stockoutDays).toBeGreaterThan(0);
    expect(stockoutDays / (demo.shops.length * 2 * demo.days)).toBeLessThan(0.05);
  });

  it('lists each run of stockout days as one stockout event', () => {
    const dates = datesOf(demo);
    for (const shop of demo.shops) {
      for (const item of ['beans', 'milk'] as const) {
        const stockout = valuesOf(demo, `${shop.id}/${item}/out_of_stock_sku_days`);
        const fromEvents = new Array<number>(dates.length).fill(0);
        for (const event of demo.events) {
          if (event.type !== 'stockout' || event.item !== item || event.shopIds[0] !== shop.id) continue;
          for (let index = dates.indexOf(event.start); index <= dates.indexOf(event.end); index++) {
            fromEvents[index] = 1;
          }
        }
        expect(fromEvents).toEqual(stockout);
      }
    }
  });

  it('balances stock: yesterday + deliveries − usage (18 g beans, 150 ml milk per coffee), or zero', () => {
    for (const shop of demo.shops) {
      const coffees = valuesOf(demo, `${shop.id}/coffee/units`);
      for (const [item, usage] of [
        ['beans', 0.018],
        ['milk', 0.15],
      ] as const) {
        const onHand = valuesOf(demo, `${shop.id}/${item}/on_hand`);
        const delivered = valuesOf(demo, `${shop.id}/${item}/deliveries`);
        for (let index = 1; index < onHand.length; index++) {
          const expected = (onHand[index - 1] ?? 0) + (delivered[index] ?? 0) - usage * (coffees[index] ?? 0);
          const actual = onHand[index] ?? 0;
          // At a stockout the last part-serving is written off, so stock drops to zero from below one coffee.
          if (actual === 0) expect(expected).toBeLessThan(usage + 1e-9);
          else expect(actual).toBeCloseTo(expected, 6);
        }
      }
    }
  });

  it('delivers beans in whole kilogram bags and milk in 2-litre bottles', () => {
    const beans = valuesOf(demo, 'shop-1/beans/deliveries');
    const milk = valuesOf(demo, 'shop-1/milk/deliveries');
    expect(beans.every((value) => Number.isInteger(value))).toBe(true);
    expect(milk.every((value) => Number.isInteger(value / 2))).toBe(true);
    expect(sum(beans)).toBeGreaterThan(0);
  });
});

describe('generateDemoBusiness: website', () => {
  it('converts about 2.2% of visits outside the gift season', () => {
    const dates = datesOf(demo);
    const visits = valuesOf(demo, 'online/visits');
    const orders = valuesOf(demo, 'online/orders');
    const ordinary = dates.flatMap((date, index) => (date.slice(5, 7) === '12' ? [] : [index]));
    const rate =
      sum(ordinary.map((index) => orders[index] ?? 0)) / sum(ordinary.map((index) => visits[index] ?? 0));
    // About 10,000 orders: the binomial standard error of the rate is near 0.02 percentage points.
    expect(Math.abs(rate - 0.022)).toBeLessThan(0.001);
    expect(orders.every((value, index) => value <= (visits[index] ?? 0))).toBe(true);
  });
});

describe('generateDemoBusiness: options', () => {
  it('generates the requested range, shop count and time zone', () => {
    const small = generateDemoBusiness({ seed: 5, start: '2024-02-28', days: 3, shops: 1, timeZone: 'UTC' });
    expect(small.end).toBe('2024-03-01');
    expect(small.shops).toHaveLength(1);
    expect(small.series).toHaveLength(22 + 3);
    expect(small.series[0]?.timestamps).toEqual([
      Date.UTC(2024, 1, 28),
      Date.UTC(2024, 1, 29),
      Date.UTC(2024, 2, 1),
    ]);
  });

  it.each([
    [{ seed: -1 }, 'seed'],
    [{ seed: 1.5 }, 'seed'],
    [{ seed: 2 ** 32 }, 'seed'],
    [{ days: 0 }, 'days'],
    [{ days: 3661 }, 'days'],
    [{ shops: 13 }, 'shops'],
    [{ start: '2023-02-29' }, 'start'],
    [{ start: '1899-12-31' }, 'start'],
    [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    [{ day: 30 }, ''],
  ])('rejects %j as invalid_input naming %s', (options, path) => {
    let caught: unknown;
    try {
      generateDemoBusiness(options as never);
    } catch (error) {
      caught = error;
    }
    expect(DyocenseError.isInstance(caught)).toBe(true);
    const error = caught as DyocenseError;
    expect(error.code).toBe('invalid_input');
    expect(error.issues[0]?.path.join('.')).toBe(path);
  });

  it('returns data or throws invalid_input for any options, never a crash or a non-finite number', () => {
    const anyValue = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.boolean());
    // Mostly plausible values, so that most runs generate data, plus anything at all.
    const mostly = <Value>(plausible: fc.Arbitrary<Value>) =>
      fc.oneof({ arbitrary: plausible, weight: 6 }, { arbitrary: anyValue, weight: 1 });
    const options = fc.record(
      {
        seed: mostly(fc.integer({ min: -2, max: 2 ** 32 + 1 })),
        start: mostly(
          fc.oneof(
            fc.constantFrom(
              '2024-02-29',
              '2023-02-29',
              '1900-01-01',
              '1899-12-31',
              '2200-12-31',
              '2023-13-01',
            ),
            fc
              .date({ min: new Date('1890-01-01'), max: new Date('2210-01-01'), noInvalidDate: true })
              .map((date) => date.toISOString().slice(0, 10)),
          ),
        ),
        days: mostly(fc.integer({ min: -1, max: 40 })),
        shops: mostly(fc.integer({ min: 0, max: 13 })),
        timeZone: mostly(
          fc.constantFrom(
            'Europe/London',
            'UTC',
            'America/Santiago',
            'America/Havana',
            'Asia/Kathmandu',
            'Australia/Lord_Howe',
            'Pacific/Apia',
            'Not/A_Zone',
            '',
          ),
        ),
      },
      { requiredKeys: [] },
    );
    let generated = 0;
    fc.assert(
      fc.property(options, (input) => {
        let business: DemoBusiness;
        try {
          business = generateDemoBusiness(input as never);
        } catch (error) {
          expect(DyocenseError.isInstance(error)).toBe(true);
          expect((error as DyocenseError).code).toBe('invalid_input');
          return;
        }
        for (const series of business.series) {
          expect(series.values.length).toBe(business.days);
          expect(series.values.every((value) => Number.isFinite(value) && (value as number) >= 0)).toBe(true);
          expect(
            series.timestamps.every(
              (timestamp, index) => index === 0 || timestamp > (series.timestamps[index - 1] ?? 0),
            ),
          ).toBe(true);
        }
        expect(JSON.parse(JSON.stringify(business.truth))).toEqual(business.truth);
        generated++;
      }),
      { numRuns: 200 },
    );
    // About a quarter of these options are valid (49 of 200 expected, standard deviation near 6); 20 is over
    // four standard deviations below, so the check only catches a generator that rejects valid options.
    expect(generated).toBeGreaterThan(20);
  });
});

describe('generateDemoBusiness: KPI library metrics', () => {
  const libraryIds = new Set(Object.values(libraryMetrics).map((metric) => metric.id));

  /** The series of `shopId` whose id ends in `/metric`, summed day by day (the CLI's roll-up of a shop). */
  function shopSeries(business: DemoBusiness, shopId: string, metric: string): TimeSeries {
    const members = business.series.filter(
      (series) => series.id.startsWith(`${shopId}/`) && series.id.endsWith(`/${metric}`),
    );
    const first = members[0];
    if (first === undefined) throw new Error(`no ${metric} series for ${shopId}`);
    return {
      ...first,
      id: `${shopId}/${metric}`,
      values: first.values.map((_, index) => sum(members.map((series) => series.values[index] ?? 0))),
    };
  }

  it('ends the id of every series of a library metric with that metric id', () => {
    const library = demo.series.filter((series) => libraryIds.has(series.metric ?? ''));
    expect(library.length).toBeGreaterThan(40);
    for (const series of library) expect(series.id.split('/').at(-1), series.id).toBe(series.metric);
  });

  it('counts one tracked SKU-day per stock item on each trading day and none on Christmas closures', () => {
    const dates = datesOf(demo);
    for (const shop of demo.shops) {
      for (const item of ['beans', 'milk']) {
        const tracked = valuesOf(demo, `${shop.id}/${item}/tracked_sku_days`);
        expect(tracked).toEqual(dates.map((date) => (/-12-2[56]$/.test(date) ? 0 : 1)));
      }
    }
  });

  it("values each shop's stock at close at £18 per kilogram of beans and £0.95 per litre of milk", () => {
    expect(demo.truth.inventory.beans.unitCost).toBe(18);
    expect(demo.truth.inventory.milk.unitCost).toBe(0.95);
    for (const shop of demo.shops) {
      const beans = valuesOf(demo, `${shop.id}/beans/on_hand`);
      const milk = valuesOf(demo, `${shop.id}/milk/on_hand`);
      const value = valuesOf(demo, `${shop.id}/inventory_value`);
      value.forEach((actual, index) => {
        expect(actual).toBe(Math.round(((beans[index] ?? 0) * 18 + (milk[index] ?? 0) * 0.95) * 100) / 100);
      });
    }
  });

  it('gives computeKpiSeries the exact March 2023 gross margin % and average order value of shop-1', () => {
    const revenue = shopSeries(demo, 'shop-1', 'revenue');
    const cogs = shopSeries(demo, 'shop-1', 'cogs');
    const orders = shopSeries(demo, 'shop-1', 'orders');
    expect(revenue.values).toHaveLength(730);
    const margin = computeKpiSeries(getKpi('gross_margin_pct'), { revenue, cogs }, { grain: 'month' });
    const average = computeKpiSeries(getKpi('average_order_value'), { revenue, orders }, { grain: 'month' });
    // March 2023 starts before British Summer Time, at midnight UTC.
    const march = Date.UTC(2023, 2, 1);
    const marginValue = margin.values[margin.timestamps.indexOf(march)];
    const averageValue = average.values[average.timestamps.indexOf(march)];

    // Independently: whole pennies of every raw series of shop-1 dated in March 2023, summed as integers.
    const dates = datesOf(demo);
    const inMarch = dates.flatMap((date, index) => (date.startsWith('2023-03') ? [index] : []));
    expect(inMarch).toHaveLength(31);
    const pennies = (suffix: string): number =>
      sum(
        demo.series
          .filter((series) => series.id.startsWith('shop-1/') && series.id.endsWith(`/${suffix}`))
          .flatMap((series) => inMarch.map((index) => Math.round((series.values[index] ?? 0) * 100))),
      );
    const revenuePennies = pennies('revenue');
    const cogsPennies = pennies('cogs');
    const orderCount = sum(inMarch.map((index) => valuesOf(demo, 'shop-1/orders')[index] ?? 0));
    expect(revenuePennies).toBeGreaterThan(0);
    // resample sums with compensated floating-point summation, so allow for the last bit only.
    expect(marginValue).toBeCloseTo(((revenuePennies - cogsPennies) / revenuePennies) * 100, 10);
    expect(averageValue).toBeCloseTo(revenuePennies / 100 / orderCount, 10);
    expect(margin.unit).toBe('percent');
  });

  it.each([
    'gross_margin_pct',
    'average_order_value',
    'labour_cost_pct',
    'revenue_per_labour_hour',
    'stockout_rate',
    'inventory_turnover',
    'days_inventory_on_hand',
  ])('has every metric %s needs for each shop, giving a finite value for every month', (kpiId) => {
    const kpi = getKpi(kpiId);
    for (const shop of demo.shops) {
      const inputs = Object.fromEntries(
        kpi.metrics.map((metric) => [metric.id, shopSeries(demo, shop.id, metric.id)]),
      );
      const result = computeKpiSeries(kpi, inputs, { grain: 'month' });
      expect(result.values).toHaveLength(24);
      expect(
        result.values.every((value) => value !== null && Number.isFinite(value)),
        shop.id,
      ).toBe(true);
    }
  });

  it('has the visits and orders conversion_rate needs for the online shop', () => {
    const visits = demo.series.find((series) => series.id === 'online/visits') as TimeSeries;
    const orders = demo.series.find((series) => series.id === 'online/orders') as TimeSeries;
    const rate = computeKpiSeries(getKpi('conversion_rate'), { visits, orders }, { grain: 'month' });
    // Truth: 2.2% of visits convert, 3.5% from 1 to 24 December.
    expect(rate.values[0]).toBeCloseTo(2.2, 0);
    expect(rate.values.every((value) => value !== null && value > 1.5 && value < 4)).toBe(true);
  });
});
