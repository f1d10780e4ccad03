import type { DemoCategory, DemoShopTruth, DemoStockItem, DemoTruth } from '../demo-business.js';
import { type DemoCalendar, yearlyMultiplier } from './demo-calendar.js';
import { createRandom, type Random } from './random.js';

/** Daily values of one category in one shop. */
export interface CategorySimulation {
  readonly revenue: number[];
  readonly units: number[];
  readonly cogs: number[];
}

/**
 * Daily stock of one item in one shop, in kilograms or litres. On a trading day `tracked` is 1 and
 * `outOfStock` is 1 when none was left at close; on a closed day both are 0.
 */
export interface StockSimulation {
  readonly onHand: number[];
  readonly delivered: number[];
  readonly outOfStock: number[];
  readonly tracked: number[];
}

/** A campaign as positions in the generated range (`end` inclusive). */
export interface CampaignSimulation {
  readonly start: number;
  readonly end: number;
  readonly spend: number;
}

/** Everything simulated for one shop. */
export interface ShopSimulation {
  readonly orders: number[];
  readonly categories: { readonly [category in DemoCategory]: CategorySimulation };
  readonly marketingSpend: number[];
  readonly labourHours: number[];
  readonly labourCost: number[];
  readonly stock: { readonly [item in DemoStockItem]: StockSimulation };
  /** Beans and milk on hand at close, valued at their unit costs, in GBP. */
  readonly inventoryValue: number[];
  readonly campaigns: readonly CampaignSimulation[];
}

export const categoryOrder: readonly DemoCategory[] = ['coffee', 'food', 'merchandise'];
export const stockItemOrder: readonly DemoStockItem[] = ['beans', 'milk'];

/** Rounds an amount of money to pennies. */
export function toPennies(amount: number): number {
  return Math.round(amount * 100) / 100;
}

function simulateCampaigns(
  seed: number,
  shop: DemoShopTruth,
  truth: DemoTruth,
  calendar: DemoCalendar,
): { spend: number[]; campaigns: CampaignSimulation[] } {
  const random = createRandom(seed, `${shop.id}/campaigns`);
  const count = calendar.days.length;
  const spend = new Array<number>(count).fill(0);
  const campaigns: CampaignSimulation[] = [];
  // Weeks run Monday to Sunday; the first may start before the range and is clipped to it.
  for (let weekStart = -(calendar.weekdays[0] ?? 0); weekStart < count; weekStart += 7) {
    if (!random.chance(truth.marketing.campaignProbability)) continue;
    const budget = truth.marketing.meanCampaignBudget * random.lognormalMultiplier(0.35);
    const weights = Array.from({ length: 7 }, () => random.gamma(4));
    const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
    const start = Math.max(0, weekStart);
    const end = Math.min(count - 1, weekStart + 6);
    let pennies = 0;
    for (let index = start; index <= end; index++) {
      const amount = toPennies((budget * (weights[index - weekStart] ?? 0)) / totalWeight);
      spend[index] = amount;
      pennies += Math.round(amount * 100);
    }
    campaigns.push({ start, end, spend: pennies / 100 });
  }
  return { spend, campaigns };
}

interface StockState {
  readonly item: DemoStockItem;
  /** Integer grams or millilitres, so that stock arithmetic is exact. */
  onHand: number;
  readonly usage: number;
  readonly pack: number;
  readonly reorderPoint: number;
  readonly orderUpTo: number;
  readonly pending: { arrival: number; quantity: number }[];
  readonly random: Random;
  readonly output: StockSimulation;
}

/** Simulates one shop day by day. */
export function simulateShop(
  seed: number,
  shop: DemoShopTruth,
  truth: DemoTruth,
  calendar: DemoCalendar,
  priceChangeIndex: number,
): ShopSimulation {
  const count = calendar.days.length;
  const { spend, campaigns } = simulateCampaigns(seed, shop, truth, calendar);
  const ordersRandom = createRandom(seed, `${shop.id}/orders`);
  const staffRandom = createRandom(seed, `${shop.id}/staff`);
  const categoryStreams = categoryOrder.map((category) => ({
    category,
    unitsRandom: createRandom(seed, `${shop.id}/${category}/units`),
    priceRandom: createRandom(seed, `${shop.id}/${category}/price`),
  }));

  const zeros = (): number[] => new Array<number>(count).fill(0);
  const orders = zeros();
  const labourHours = zeros();
  const labourCost = zeros();
  const inventoryValue = zeros();
  const categories = {
    coffee: { revenue: zeros(), units: zeros(), cogs: zeros() },
    food: { revenue: zeros(), units: zeros(), cogs: zeros() },
    merchandise: { revenue: zeros(), units: zeros(), cogs: zeros() },
  };

  const averageWeekday = shop.weekdayMultipliers.reduce((sum, value) => sum + value, 0) / 7;
  const averageCoffees = shop.baseOrders * averageWeekday * truth.categories.coffee.unitsPerOrder;
  const stock = stockItemOrder.map((item): StockState => {
    const policy = truth.inventory[item];
    const usage = Math.round(policy.usagePerCoffee * 1000);
    const orderUpTo = Math.round(averageCoffees * usage * policy.orderUpToDays);
    return {
      item,
      onHand: orderUpTo,
      usage,
      pack: Math.round(policy.packSize * 1000),
      reorderPoint: Math.round(averageCoffees * usage * policy.reorderPointDays),
      orderUpTo,
      pending: [],
      random: createRandom(seed, `${shop.id}/${item}/supply`),
      output: { onHand: zeros(), delivered: zeros(), outOfStock: zeros(), tracked: zeros() },
    };
  });
  // Suppliers deliver on days the shop is open, except Sundays.
  const nextDeliveryDay = (from: number): number => {
    let index = from;
    while (index < count && (calendar.closed[index] || calendar.weekdays[index] === 6)) index++;
    return index;
  };

  const { ordersPerPound, lagDays } = truth.marketing;
  const { unitsMultiplier, multiplier: priceMultiplier, category: priceCategory } = truth.priceChange;
  const wage = truth.staff.hourlyWage;

  for (let index = 0; index < count; index++) {
    for (const state of stock) {
      let arrived = 0;
      for (let position = state.pending.length - 1; position >= 0; position--) {
        const delivery = state.pending[position];
        if (delivery !== undefined && delivery.arrival === index) {
          arrived += delivery.quantity;
          state.pending.splice(position, 1);
        }
      }
      state.onHand += arrived;
      state.output.delivered[index] = arrived / 1000;
    }

    if (!calendar.closed[index]) {
      const weekday = calendar.weekdays[index] ?? 0;
      const dayOfYear = calendar.daysOfYear[index] ?? 1;
      const bankHoliday = calendar.bankHoliday[index] === true;
      const tradesLike = bankHoliday ? 6 : weekday;
      const holidayMultiplier = calendar.festive[index]
        ? shop.festiveMultiplier
        : bankHoliday
          ? shop.bankHolidayMultiplier
          : 1;
      const growth = (1 + truth.annualGrowth) ** (index / 365.25);
      const baseline =
        shop.baseOrders *
        (shop.weekdayMultipliers[tradesLike] ?? 1) *
        yearlyMultiplier(shop.yearly, dayOfYear) *
        holidayMultiplier *
        growth;
      const expectedOrders = baseline + ordersPerPound * (spend[index - lagDays] ?? 0);
      const dayOrders = ordersRandom.negativeBinomial(expectedOrders, truth.ordersDispersion);
      orders[index] = dayOrders;

      for (const { category, unitsRandom, priceRandom } of categoryStreams) {
        const parameters = truth.categories[category];
        const repriced = category === priceCategory && index >= priceChangeIndex;
        const meanUnits =
          dayOrders *
          parameters.unitsPerOrder *
          yearlyMultiplier(parameters.yearly, dayOfYear) *
          (calendar.giftSeason[index] ? parameters.giftSeasonMultiplier : 1) *
          (repriced ? unitsMultiplier : 1);
        let units = unitsRandom.poisson(meanUnits);
        if (category === 'coffee') units = sellCoffee(stock, units);
        const averagePrice =
          parameters.basePrice *
          (repriced ? priceMultiplier : 1) *
          priceRandom.lognormalMultiplier(truth.priceNoise);
        const output = categories[category];
        output.units[index] = units;
        output.revenue[index] = toPennies(units * averagePrice);
        output.cogs[index] = toPennies(units * parameters.unitCost);
      }

      const openingHours = shop.openingHours[tradesLike] ?? 0;
      const planned =
        truth.staff.minimumStaff * openingHours + expectedOrders / truth.staff.ordersPerStaffHour;
      const hours = Math.max(openingHours, Math.round(planned * 2) / 2 + 0.5 * staffRandom.integer(-1, 1));
      labourHours[index] = hours;
      labourCost[index] = toPennies(
        hours * wage * (1 + truth.staff.annualWageRise) ** (calendar.wageRises[index] ?? 0),
      );

      for (const state of stock) reorder(state, index, truth, nextDeliveryDay);
    }

    let value = 0;
    for (const state of stock) {
      const trading = calendar.closed[index] ? 0 : 1;
      state.output.onHand[index] = state.onHand / 1000;
      state.output.tracked[index] = trading;
      state.output.outOfStock[index] = trading === 1 && state.onHand === 0 ? 1 : 0;
      value += (state.onHand / 1000) * truth.inventory[state.item].unitCost;
    }
    inventoryValue[index] = toPennies(value);
  }

  return {
    orders,
    categories,
    marketingSpend: spend,
    labourHours,
    labourCost,
    stock: {
      beans: (stock[0] as StockState).output,
      milk: (stock[1] as StockState).output,
    },
    inventoryValue,
    campaigns,
  };
}

/**
 * Sells up to `demand` coffees from the beans and milk on hand and returns how many were sold. An item that
 * cannot make one more coffee is written off to zero: the shop is out of it.
 */
function sellCoffee(stock: readonly StockState[], demand: number): number {
  let capacity = demand;
  for (const state of stock) capacity = Math.min(capacity, Math.floor(state.onHand / state.usage));
  for (const state of stock) {
    state.onHand -= capacity * state.usage;
    if (state.onHand < state.usage) state.onHand = 0;
  }
  return capacity;
}

/** The evening stock review: order up to the target when on hand plus on order is at the reorder point. */
function reorder(
  state: StockState,
  index: number,
  truth: DemoTruth,
  nextDeliveryDay: (from: number) => number,
): void {
  const position = state.onHand + state.pending.reduce((sum, delivery) => sum + delivery.quantity, 0);
  if (position > state.reorderPoint) return;
  const policy = truth.inventory[state.item];
  const quantity = Math.ceil((state.orderUpTo - position) / state.pack) * state.pack;
  const delay = state.random.chance(policy.lateDeliveryProbability)
    ? state.random.integer(1, policy.maximumDelayDays)
    : 0;
  state.pending.push({ arrival: nextDeliveryDay(index + policy.leadTimeDays + delay), quantity });
}
