import { createSeededRandom } from '../../packages/evidence/src/internal/random/seeded-random.js';

/** The simulator's true direct edges with a lag ≥ 1: what Granger can see. */
export const directLaggedEdges = [
  ['weather', 'marketing_spend'],
  ['marketing_spend', 'traffic'],
  ['traffic', 'orders'],
  ['orders', 'support_tickets'],
] as const;

/** Every (ancestor, descendant) pair of the simulator's graph. */
export const ancestralPairs = new Set(
  [
    ['weather', 'marketing_spend'],
    ['weather', 'traffic'],
    ['weather', 'orders'],
    ['weather', 'revenue'],
    ['weather', 'support_tickets'],
    ['marketing_spend', 'traffic'],
    ['marketing_spend', 'orders'],
    ['marketing_spend', 'revenue'],
    ['marketing_spend', 'support_tickets'],
    ['traffic', 'orders'],
    ['traffic', 'revenue'],
    ['traffic', 'support_tickets'],
    ['price', 'orders'],
    ['price', 'revenue'],
    ['price', 'support_tickets'],
    ['orders', 'revenue'],
    ['orders', 'support_tickets'],
  ].map(([source, target]) => `${source}→${target}`),
);

/** Scenario switches applied from `start` on, with the same shocks as the factual run. */
export interface Scenario {
  /** Conversion multiplier from `start` (1.08 = the "checkout redesign"). */
  readonly conversionLift: number;
  /** Marketing spend multiplier from `start` (1.2 = "20% more spend"). */
  readonly spendMultiplier: number;
  readonly start: number;
}

/**
 * Daily SMB data from a known structural causal model, in the spirit of the shared fixtures' simulator:
 * weather (seasonal AR(1)) → next-day marketing spend; weather (same day) and spend (next day) → traffic with a
 * 20%/year trend and a weekly pattern; traffic (lags 0–2) and price (same day) → orders; orders × price →
 * revenue; orders (2 days later) → support tickets; followers is an unrelated random walk.
 */
export function simulateBusiness(days: number, seed: number, scenario?: Scenario): Record<string, number[]> {
  const random = createSeededRandom(seed);
  const shocks = Array.from({ length: days }, () => ({
    weather: random.normal(),
    spend: random.normal(),
    traffic: random.normal(),
    orders: random.normal(),
    revenue: random.normal(),
    support: random.normal(),
    followers: random.normal(),
    priceStep: random.next(),
    priceSize: random.normal(),
  }));
  const weather: number[] = [];
  const spend: number[] = [];
  const price: number[] = [];
  const traffic: number[] = [];
  const orders: number[] = [];
  const revenue: number[] = [];
  const support: number[] = [];
  const followers: number[] = [];
  const weekly = [0.9, 1.05, 1.05, 1, 1, 1.1, 0.9];
  for (let t = 0; t < days; t++) {
    const shock = shocks[t] as (typeof shocks)[number];
    const after = scenario !== undefined && t >= scenario.start;
    const season = 8 * Math.sin((2 * Math.PI * t) / 365);
    weather.push(0.7 * ((weather[t - 1] ?? season) - season) + season + 3 * shock.weather);
    const baseSpend = 500 + 12 * (weather[t - 1] ?? 0) + 60 * shock.spend;
    spend.push(Math.max(0, baseSpend) * (after ? (scenario?.spendMultiplier ?? 1) : 1));
    // Occasional price changes around a list price of 40 (promotions and reversals), not a drifting walk.
    const previousPrice = price[t - 1] ?? 40;
    price.push(
      shock.priceStep < 1 / 15 ? Math.round((40 + 2.5 * shock.priceSize) * 100) / 100 : previousPrice,
    );
    const trend = 2000 * (1 + (0.2 * t) / 365);
    traffic.push(
      trend * (weekly[t % 7] as number) +
        15 * (weather[t] as number) +
        1.5 * (spend[t - 1] ?? 500) +
        60 * shock.traffic,
    );
    const visits =
      0.5 * (traffic[t] as number) +
      0.3 * (traffic[t - 1] ?? (traffic[t] as number)) +
      0.2 * (traffic[t - 2] ?? (traffic[t] as number));
    const conversion = 0.03 * (after ? (scenario?.conversionLift ?? 1) : 1);
    orders.push(conversion * visits - 4 * ((price[t] as number) - 40) + 6 * shock.orders);
    revenue.push((orders[t] as number) * (price[t] as number) * (1 + 0.03 * shock.revenue));
    support.push(0.08 * (orders[t - 2] ?? (orders[t] as number)) + 2 * shock.support);
    followers.push((followers[t - 1] ?? 1000) + 10 * shock.followers);
  }
  return {
    weather,
    marketing_spend: spend,
    price,
    traffic,
    orders,
    revenue,
    support_tickets: support,
    followers,
  };
}
