import type { MetricDefinition } from '../model/metric.js';
import type { TimeSeries } from '../model/series.js';

/** Product categories each demo shop sells. */
export type DemoCategory = 'coffee' | 'food' | 'merchandise';

/** Stock items each demo shop keeps: coffee beans (kilograms) and milk (litres). */
export type DemoStockItem = 'beans' | 'milk';

/** The kind of location, which sets a shop's weekly and yearly pattern. */
export type DemoShopKind = 'city_centre' | 'suburb' | 'riverside';

/** One shop of the demo business. */
export interface DemoShop {
  /** `shop-1`, `shop-2`, ...; the first segment of the shop's series ids. */
  readonly id: string;
  readonly name: string;
  readonly kind: DemoShopKind;
}

/** Fields every demo event has. Dates are local calendar dates; `end` is inclusive. */
export interface DemoEventBase {
  readonly id: string;
  readonly name: string;
  /** First day, `YYYY-MM-DD`. */
  readonly start: string;
  /** Last day (inclusive), `YYYY-MM-DD`. */
  readonly end: string;
  /** Shops the event applies to. */
  readonly shopIds: readonly string[];
}

/** A bank holiday, or a Christmas or Boxing Day closure (`closed: true`: zero sales, no staff). */
export interface DemoHolidayEvent extends DemoEventBase {
  readonly type: 'holiday';
  readonly closed: boolean;
}

/** A list-price change of one category, effective from `start`. */
export interface DemoPriceChangeEvent extends DemoEventBase {
  readonly type: 'price_change';
  readonly category: DemoCategory;
  /** New price ÷ old price, e.g. `1.08`. */
  readonly multiplier: number;
}

/** A one-week local marketing campaign of one shop; `spend` is its total in GBP. */
export interface DemoCampaignEvent extends DemoEventBase {
  readonly type: 'campaign';
  readonly spend: number;
}

/** Consecutive days on which a shop closed with none of a stock item left. */
export interface DemoStockoutEvent extends DemoEventBase {
  readonly type: 'stockout';
  readonly item: DemoStockItem;
}

/** Something that happened on known dates and explains the data. */
export type DemoEvent = DemoHolidayEvent | DemoPriceChangeEvent | DemoCampaignEvent | DemoStockoutEvent;

/**
 * A yearly cycle: the multiplier on day-of-year `d` is `1 + amplitude × cos(2π (d − peakDayOfYear) / 365.25)`.
 */
export interface DemoYearlySeasonality {
  readonly amplitude: number;
  readonly peakDayOfYear: number;
}

/** The generating parameters of one shop. */
export interface DemoShopTruth extends DemoShop {
  /** Expected orders on an ordinary day before weekly, yearly, holiday, trend and marketing effects. */
  readonly baseOrders: number;
  /** Multipliers of expected orders, Monday first. */
  readonly weekdayMultipliers: readonly number[];
  /** Yearly cycle of expected orders. */
  readonly yearly: DemoYearlySeasonality;
  /**
   * Multiplier on an open bank holiday, which otherwise trades like a Sunday (Sunday's weekday multiplier and
   * opening hours).
   */
  readonly bankHolidayMultiplier: number;
  /** Multiplier from 24 December to 1 January on the days the shop is open (replaces the bank holiday one). */
  readonly festiveMultiplier: number;
  /** Opening hours, Monday first. */
  readonly openingHours: readonly number[];
}

/** The generating parameters of one product category. */
export interface DemoCategoryTruth {
  /** Expected units per order before seasonality and price effects. */
  readonly unitsPerOrder: number;
  /** Average price per unit in GBP at the start (varies ±1.5% a day with the product mix). */
  readonly basePrice: number;
  /** Cost of goods per unit in GBP (constant, so gross margin moves with price). */
  readonly unitCost: number;
  /** Yearly cycle of units per order (coffee: hot drinks dip in summer). */
  readonly yearly: DemoYearlySeasonality;
  /** Multiplier of units per order from 1 to 24 December (gifts). */
  readonly giftSeasonMultiplier: number;
}

/** Reorder policy, usage and cost of one stock item. Quantities in kilograms (beans) or litres (milk). */
export interface DemoStockItemTruth {
  /**
   * Purchase cost in GBP per kilogram or litre, which values the stock on hand (`inventory_value`). Part of
   * coffee's unit cost: the rest of it is cups, lids and syrups, which are not tracked as stock.
   */
  readonly unitCost: number;
  /** Quantity used per coffee sold. */
  readonly usagePerCoffee: number;
  /** Deliveries come in whole packs of this size. */
  readonly packSize: number;
  /** Days from the evening order to the morning delivery, when the supplier is on time. */
  readonly leadTimeDays: number;
  /** Reorder when on hand plus on order is at or below this many days of average usage. */
  readonly reorderPointDays: number;
  /** Order up to this many days of average usage. */
  readonly orderUpToDays: number;
  /** Probability that a delivery is late. */
  readonly lateDeliveryProbability: number;
  /** A late delivery arrives 1 to this many days late. */
  readonly maximumDelayDays: number;
}

/**
 * Everything the generator used: the ground truth that analyses of the demo data should recover.
 *
 * Expected orders of a shop on an open day `t` are
 * `baseOrders × weekday × yearly × holiday × (1 + annualGrowth)^(t / 365.25) + ordersPerPound × spend(t − lagDays)`,
 * and orders are negative-binomial around that mean with size `ordersDispersion`.
 */
export interface DemoTruth {
  readonly seed: number;
  readonly currency: 'GBP';
  /** Year-on-year growth of expected orders and website visits. */
  readonly annualGrowth: number;
  /** Negative-binomial size of daily orders (variance = mean + mean² / size). */
  readonly ordersDispersion: number;
  /** Log-scale standard deviation of the daily average price of a category (product-mix noise). */
  readonly priceNoise: number;
  /** Calendar dates (`MM-DD`) on which every shop is closed. */
  readonly closedDates: readonly string[];
  readonly shops: readonly DemoShopTruth[];
  readonly categories: { readonly [category in DemoCategory]: DemoCategoryTruth };
  readonly priceChange: {
    readonly category: DemoCategory;
    /** First day at the new price (the first non-holiday Monday from the middle of the range). */
    readonly date: string;
    /** New price ÷ old price. */
    readonly multiplier: number;
    /** Own-price elasticity of units: units are multiplied by `multiplier ^ ownPriceElasticity`. */
    readonly ownPriceElasticity: number;
    /** `multiplier ^ ownPriceElasticity`. Orders are not affected. */
    readonly unitsMultiplier: number;
  };
  readonly marketing: {
    /** Extra expected orders of a shop per GBP that shop spent `lagDays` earlier. */
    readonly ordersPerPound: number;
    readonly lagDays: number;
    /** Probability that a shop runs a campaign in a given week (independent of everything else). */
    readonly campaignProbability: number;
    /** Mean budget of a one-week campaign in GBP (log-normal across campaigns, uneven across its days). */
    readonly meanCampaignBudget: number;
    /** Extra expected website visits per GBP of total spend `websiteLagDays` earlier. */
    readonly websiteVisitsPerPound: number;
    readonly websiteLagDays: number;
  };
  readonly staff: {
    /** GBP per hour on the first day. */
    readonly hourlyWage: number;
    /** Rise of the hourly wage each 1 April. */
    readonly annualWageRise: number;
    /** Staff on shift whenever a shop is open. */
    readonly minimumStaff: number;
    /** Extra staff hours are scheduled at one per this many expected orders. */
    readonly ordersPerStaffHour: number;
  };
  readonly inventory: { readonly [item in DemoStockItem]: DemoStockItemTruth };
  readonly website: {
    /** Expected visits on an ordinary day. */
    readonly baseVisits: number;
    readonly weekdayMultipliers: readonly number[];
    readonly yearly: DemoYearlySeasonality;
    /** Share of visits that order. */
    readonly conversionRate: number;
    /** Conversion rate from 1 to 24 December. */
    readonly giftSeasonConversionRate: number;
    /** Average online order value in GBP. */
    readonly averageOrderValue: number;
  };
}

/** The generated business: metric definitions, daily series, events and the truth behind them. */
export interface DemoBusiness {
  readonly name: string;
  readonly seed: number;
  /** First day, `YYYY-MM-DD`. */
  readonly start: string;
  /** Last day (inclusive), `YYYY-MM-DD`. */
  readonly end: string;
  readonly days: number;
  readonly timeZone: string;
  readonly currency: 'GBP';
  readonly shops: readonly DemoShop[];
  /**
   * The metrics the series measure (see `demoMetrics`): the KPI library's own definitions where the concept is
   * the same, so money metrics carry no ISO code and are in the reporting currency, `currency` (GBP).
   */
  readonly metrics: readonly MetricDefinition[];
  /**
   * Daily series, each at the local midnights of `timeZone`. A series id's last `/` segment is its metric id
   * for every KPI-library metric (`shop-1/coffee/revenue` is `revenue` of `shop-1/coffee`), so library KPIs can
   * be computed per shop by summing a shop's series of each sum-aggregated metric.
   */
  readonly series: readonly TimeSeries[];
  /** Sorted by start date, then id. */
  readonly events: readonly DemoEvent[];
  readonly truth: DemoTruth;
}
