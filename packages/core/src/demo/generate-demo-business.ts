import { parseInput } from '../errors/index.js';
import type { TimeSeries } from '../model/series.js';
import { fromLocalDateParts } from '../time/from-local-date-parts.js';
import type { DemoBusiness, DemoEvent, DemoShop } from './demo-business.js';
import { demoMetrics } from './demo-metrics.js';
import { type DemoBusinessOptions, demoBusinessOptionsSchema } from './demo-options.js';
import { fromDayNumber, parseIsoDate, toIsoDate } from './internal/civil-date.js';
import { createDemoCalendar, firstTradingMonday } from './internal/demo-calendar.js';
import { createDemoTruth } from './internal/demo-truth.js';
import {
  categoryOrder,
  type ShopSimulation,
  simulateShop,
  stockItemOrder,
  toPennies,
} from './internal/simulate-shop.js';
import { simulateWebsite } from './internal/simulate-website.js';

const stockNames = { beans: 'coffee beans', milk: 'milk' } as const;
const categoryNames = { coffee: 'Coffee', food: 'Food', merchandise: 'Merchandise' } as const;

/**
 * Generates a realistic, fully synthetic small business: coffee shops (a city-centre, a suburban and a
 * riverside shop by default) with daily sales per category (coffee, food, merchandise) as revenue, units and
 * cost of goods, orders, local marketing campaigns, labour hours and cost, beans and milk stock with
 * deliveries, stockouts and its value at cost, and an online shop's visits, orders and revenue. Money is in
 * GBP, rounded to pennies; stock is in kilograms and litres.
 *
 * Series ids are `<shop>/<metric>`, `<shop>/<category>/<metric>`, `<shop>/<item>/<metric>` and
 * `online/<metric>`; for the KPI library's metrics the last segment is the metric id, so every shop has what
 * `gross_margin_pct`, `average_order_value`, `labour_cost_pct`, `revenue_per_labour_hour`, `stockout_rate`,
 * `inventory_turnover` and `days_inventory_on_hand` need (summing its categories or stock items), and the
 * online shop what `conversion_rate` needs. `inventory_value` counts the tracked stock, beans and milk (food
 * is baked fresh each day and merchandise is not stock-tracked).
 *
 * The data has weekly patterns that differ by shop, yearly seasonality (hot drinks dip in summer), UK bank
 * holidays (England and Wales, by rule, Easter by computus), closures on 25 and 26 December, a coffee
 * price rise of 8% in the middle of the range (own-price elasticity −0.4), and marketing spend that adds
 * orders two days later. `truth` records every generating parameter, so analyses can be checked against it.
 *
 * Deterministic: the same options give byte-identical output (`JSON.stringify`) and different seeds give
 * different data. Two years of three shops take about a tenth of a second.
 *
 * @param options - `seed` (unsigned 32-bit integer, default `1`), `start` (`YYYY-MM-DD`, default
 *   `2023-01-01`), `days` (1–3660, default `730`), `shops` (1–12, default `3`), `timeZone` (IANA, default
 *   `Europe/London`; the series' timestamps are the local midnights of that zone).
 * @throws DyocenseError `invalid_input` when an option is out of range, not an integer, not a calendar date,
 *   an unknown time zone or an unknown key.
 * @example
 * const demo = generateDemoBusiness({ seed: 7 });
 * const revenue = demo.series.find((series) => series.id === 'shop-1/coffee/revenue');
 * console.log(demo.truth.marketing.ordersPerPound, revenue?.values.slice(0, 7));
 */
export function generateDemoBusiness(options?: DemoBusinessOptions): DemoBusiness {
  const {
    seed,
    start,
    days: count,
    shops: shopCount,
    timeZone,
  } = parseInput(demoBusinessOptionsSchema, options ?? {}, 'demo business options');
  const first = parseIsoDate(start) as number;
  const calendar = createDemoCalendar(first, count);
  const priceChangeDay = firstTradingMonday(first + Math.floor(count / 2), calendar.bankHolidays);
  const truth = createDemoTruth(seed, shopCount, toIsoDate(priceChangeDay));
  // Each day starts at local midnight; where a clock change skips midnight, at the end of the jump.
  const timestamps = calendar.days.map((day) => fromLocalDateParts(fromDayNumber(day), timeZone));

  const shops: DemoShop[] = truth.shops.map(({ id, name, kind }) => ({ id, name, kind }));
  const simulations = truth.shops.map((shop) =>
    simulateShop(seed, shop, truth, calendar, priceChangeDay - first),
  );
  const totalSpend = calendar.days.map((_, index) =>
    toPennies(simulations.reduce((sum, simulation) => sum + (simulation.marketingSpend[index] ?? 0), 0)),
  );
  const website = simulateWebsite(seed, truth, calendar, totalSpend);

  const series: TimeSeries[] = [];
  const units = new Map(demoMetrics.map((metric) => [metric.id, metric.unit]));
  const add = (id: string, metric: string, values: number[]): void => {
    series.push({
      id,
      metric,
      unit: units.get(metric) as string,
      frequency: 'day',
      timeZone,
      timestamps: timestamps.slice(),
      values,
    });
  };
  for (const [position, shop] of shops.entries()) {
    const simulation = simulations[position] as ShopSimulation;
    add(`${shop.id}/orders`, 'orders', simulation.orders);
    for (const category of categoryOrder) {
      const values = simulation.categories[category];
      add(`${shop.id}/${category}/revenue`, 'revenue', values.revenue);
      add(`${shop.id}/${category}/units`, 'units_sold', values.units);
      add(`${shop.id}/${category}/cogs`, 'cogs', values.cogs);
    }
    add(`${shop.id}/marketing_spend`, 'marketing_spend', simulation.marketingSpend);
    add(`${shop.id}/labour_hours`, 'labour_hours', simulation.labourHours);
    add(`${shop.id}/labour_cost`, 'labour_cost', simulation.labourCost);
    for (const item of stockItemOrder) {
      const values = simulation.stock[item];
      add(`${shop.id}/${item}/on_hand`, `${item}_on_hand`, values.onHand);
      add(`${shop.id}/${item}/deliveries`, `${item}_delivered`, values.delivered);
      add(`${shop.id}/${item}/out_of_stock_sku_days`, 'out_of_stock_sku_days', values.outOfStock);
      add(`${shop.id}/${item}/tracked_sku_days`, 'tracked_sku_days', values.tracked);
    }
    // A balance, so one series per shop: the KPIs' roll-up only sums sum-aggregated metrics.
    add(`${shop.id}/inventory_value`, 'inventory_value', simulation.inventoryValue);
  }
  add('online/visits', 'visits', website.visits);
  add('online/orders', 'orders', website.orders);
  add('online/revenue', 'revenue', website.revenue);

  const events = collectEvents(shops, simulations, calendar.days, calendar.bankHolidays, truth.priceChange);
  return {
    name: 'Riverbend Coffee Co. (demo)',
    seed,
    start,
    end: toIsoDate(first + count - 1),
    days: count,
    timeZone,
    currency: 'GBP',
    shops,
    metrics: demoMetrics.map((metric) => ({ ...metric })),
    series,
    events,
    truth,
  };
}

function collectEvents(
  shops: readonly DemoShop[],
  simulations: readonly ShopSimulation[],
  days: readonly number[],
  bankHolidays: ReadonlyMap<number, string>,
  priceChange: DemoBusiness['truth']['priceChange'],
): DemoEvent[] {
  const events: DemoEvent[] = [];
  const allShops = shops.map((shop) => shop.id);
  const dateAt = (index: number): string => toIsoDate(days[index] as number);
  for (const day of days) {
    const date = toIsoDate(day);
    const closure = date.endsWith('-12-25')
      ? 'Christmas Day'
      : date.endsWith('-12-26')
        ? 'Boxing Day'
        : undefined;
    const holiday = bankHolidays.get(day);
    if (closure === undefined && holiday === undefined) continue;
    events.push({
      type: 'holiday',
      id: `holiday-${date}`,
      name: holiday ?? (closure as string),
      start: date,
      end: date,
      shopIds: [...allShops],
      closed: closure !== undefined,
    });
  }
  const firstDate = dateAt(0);
  const lastDate = dateAt(days.length - 1);
  if (priceChange.date >= firstDate && priceChange.date <= lastDate) {
    events.push({
      type: 'price_change',
      id: `price-change-${priceChange.category}-${priceChange.date}`,
      name: `${categoryNames[priceChange.category]} prices up ${Math.round((priceChange.multiplier - 1) * 100)}%`,
      start: priceChange.date,
      end: lastDate,
      shopIds: [...allShops],
      category: priceChange.category,
      multiplier: priceChange.multiplier,
    });
  }
  for (const [position, shop] of shops.entries()) {
    const simulation = simulations[position] as ShopSimulation;
    for (const campaign of simulation.campaigns) {
      events.push({
        type: 'campaign',
        id: `campaign-${shop.id}-${dateAt(campaign.start)}`,
        name: `Local campaign, ${shop.name}`,
        start: dateAt(campaign.start),
        end: dateAt(campaign.end),
        shopIds: [shop.id],
        spend: campaign.spend,
      });
    }
    for (const item of stockItemOrder) {
      const flags = simulation.stock[item].outOfStock;
      for (let index = 0; index < flags.length; index++) {
        if (flags[index] !== 1) continue;
        let end = index;
        while (flags[end + 1] === 1) end++;
        events.push({
          type: 'stockout',
          id: `stockout-${shop.id}-${item}-${dateAt(index)}`,
          name: `Out of ${stockNames[item]}, ${shop.name}`,
          start: dateAt(index),
          end: dateAt(end),
          shopIds: [shop.id],
          item,
        });
        index = end;
      }
    }
  }
  return events.sort((left, right) =>
    left.start < right.start
      ? -1
      : left.start > right.start
        ? 1
        : left.id < right.id
          ? -1
          : left.id > right.id
            ? 1
            : 0,
  );
}
