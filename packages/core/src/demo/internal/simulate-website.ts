import type { DemoTruth } from '../demo-business.js';
import { type DemoCalendar, yearlyMultiplier } from './demo-calendar.js';
import { createRandom } from './random.js';
import { toPennies } from './simulate-shop.js';

/** Daily website visits, online orders and online revenue. */
export interface WebsiteSimulation {
  readonly visits: number[];
  readonly orders: number[];
  readonly revenue: number[];
}

/** Simulates the online shop, which trades every day; `totalSpend` is the shops' marketing spend per day. */
export function simulateWebsite(
  seed: number,
  truth: DemoTruth,
  calendar: DemoCalendar,
  totalSpend: readonly number[],
): WebsiteSimulation {
  const random = createRandom(seed, 'online/website');
  const website = truth.website;
  const { websiteVisitsPerPound, websiteLagDays } = truth.marketing;
  const visits: number[] = [];
  const orders: number[] = [];
  const revenue: number[] = [];
  for (let index = 0; index < calendar.days.length; index++) {
    const expectedVisits =
      website.baseVisits *
        (website.weekdayMultipliers[calendar.weekdays[index] ?? 0] ?? 1) *
        yearlyMultiplier(website.yearly, calendar.daysOfYear[index] ?? 1) *
        (1 + truth.annualGrowth) ** (index / 365.25) +
      websiteVisitsPerPound * (totalSpend[index - websiteLagDays] ?? 0);
    const dayVisits = random.negativeBinomial(expectedVisits, 40);
    const conversion = calendar.giftSeason[index] ? website.giftSeasonConversionRate : website.conversionRate;
    const dayOrders = random.poisson(dayVisits * conversion);
    visits.push(dayVisits);
    orders.push(dayOrders);
    revenue.push(
      dayOrders === 0
        ? 0
        : toPennies(dayOrders * website.averageOrderValue * random.lognormalMultiplier(0.1)),
    );
  }
  return { visits, orders, revenue };
}
