import type {
  DemoCategory,
  DemoCategoryTruth,
  DemoShopKind,
  DemoShopTruth,
  DemoTruth,
} from '../demo-business.js';
import { createRandom } from './random.js';

type ShopProfile = Omit<DemoShopTruth, 'id' | 'name' | 'baseOrders'> & {
  readonly label: string;
  readonly baseOrders: number;
};

const profiles: { readonly [kind in DemoShopKind]: ShopProfile } = {
  // Office workers: busy on weekdays, quiet at weekends, bank holidays and over Christmas; dips in August.
  city_centre: {
    kind: 'city_centre',
    label: 'City Centre',
    baseOrders: 420,
    weekdayMultipliers: [1.06, 1.1, 1.12, 1.1, 1.02, 0.62, 0.48],
    yearly: { amplitude: 0.06, peakDayOfYear: 320 },
    bankHolidayMultiplier: 1,
    festiveMultiplier: 0.55,
    openingHours: [11, 11, 11, 11, 11, 8, 7],
  },
  // Families and home workers: weekends are the busiest days.
  suburb: {
    kind: 'suburb',
    label: 'Suburb',
    baseOrders: 260,
    weekdayMultipliers: [0.88, 0.9, 0.92, 0.95, 1.02, 1.32, 1.24],
    yearly: { amplitude: 0.04, peakDayOfYear: 340 },
    bankHolidayMultiplier: 1.05,
    festiveMultiplier: 1,
    openingHours: [10, 10, 10, 10, 10, 10, 9],
  },
  // Walkers and day-trippers: busy weekends and a strong summer.
  riverside: {
    kind: 'riverside',
    label: 'Riverside',
    baseOrders: 300,
    weekdayMultipliers: [0.86, 0.86, 0.88, 0.9, 1.02, 1.3, 1.34],
    yearly: { amplitude: 0.22, peakDayOfYear: 200 },
    bankHolidayMultiplier: 1.15,
    festiveMultiplier: 0.9,
    openingHours: [9, 9, 9, 9, 10, 10, 10],
  },
};

const kindsInOrder: readonly DemoShopKind[] = ['city_centre', 'suburb', 'riverside'];

const categories: { readonly [category in DemoCategory]: DemoCategoryTruth } = {
  coffee: {
    unitsPerOrder: 1.35,
    basePrice: 3.4,
    unitCost: 0.62,
    yearly: { amplitude: 0.1, peakDayOfYear: 15 },
    giftSeasonMultiplier: 1,
  },
  food: {
    unitsPerOrder: 0.45,
    basePrice: 4.5,
    unitCost: 2.05,
    yearly: { amplitude: 0.05, peakDayOfYear: 30 },
    giftSeasonMultiplier: 1,
  },
  merchandise: {
    unitsPerOrder: 0.025,
    basePrice: 12,
    unitCost: 5.6,
    yearly: { amplitude: 0.15, peakDayOfYear: 330 },
    giftSeasonMultiplier: 2.5,
  },
};

/** Shop `index` (0-based): the first three are the archetypes; later ones vary them by seed. */
function shopTruth(seed: number, index: number): DemoShopTruth {
  const kind = kindsInOrder[index % kindsInOrder.length] as DemoShopKind;
  const profile = profiles[kind];
  const copy = Math.floor(index / kindsInOrder.length);
  const { label, ...rest } = profile;
  const scale = copy === 0 ? 1 : 0.75 + 0.5 * createRandom(seed, `shop-profile/${index}`).uniform();
  return {
    ...rest,
    id: `shop-${index + 1}`,
    name: copy === 0 ? label : `${label} ${copy + 1}`,
    baseOrders: Math.round(profile.baseOrders * scale),
  };
}

/** The generating parameters for a seed, a shop count and the chosen price-change date. */
export function createDemoTruth(seed: number, shops: number, priceChangeDate: string): DemoTruth {
  const multiplier = 1.08;
  const ownPriceElasticity = -0.4;
  return {
    seed,
    currency: 'GBP',
    annualGrowth: 0.04,
    ordersDispersion: 80,
    priceNoise: 0.015,
    closedDates: ['12-25', '12-26'],
    shops: Array.from({ length: shops }, (_, index) => shopTruth(seed, index)),
    categories,
    priceChange: {
      category: 'coffee',
      date: priceChangeDate,
      multiplier,
      ownPriceElasticity,
      unitsMultiplier: multiplier ** ownPriceElasticity,
    },
    marketing: {
      ordersPerPound: 0.5,
      lagDays: 2,
      campaignProbability: 0.3,
      meanCampaignBudget: 500,
      websiteVisitsPerPound: 1.5,
      websiteLagDays: 0,
    },
    staff: { hourlyWage: 11.8, annualWageRise: 0.06, minimumStaff: 3, ordersPerStaffHour: 14 },
    inventory: {
      beans: {
        unitCost: 18,
        usagePerCoffee: 0.018,
        packSize: 1,
        leadTimeDays: 3,
        reorderPointDays: 5,
        orderUpToDays: 14,
        lateDeliveryProbability: 0.12,
        maximumDelayDays: 4,
      },
      milk: {
        unitCost: 0.95,
        usagePerCoffee: 0.15,
        packSize: 2,
        leadTimeDays: 1,
        reorderPointDays: 2.5,
        orderUpToDays: 4,
        lateDeliveryProbability: 0.05,
        maximumDelayDays: 1,
      },
    },
    website: {
      baseVisits: 600,
      weekdayMultipliers: [1, 0.98, 0.97, 0.96, 0.94, 1.02, 1.13],
      yearly: { amplitude: 0.12, peakDayOfYear: 335 },
      conversionRate: 0.022,
      giftSeasonConversionRate: 0.035,
      averageOrderValue: 26,
    },
  };
}
