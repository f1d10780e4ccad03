import type { MetricPointInput } from '../../packages/core/src/db/index.js';

const dayMs = 86_400_000;
/** First day of every tenant's data (UTC). */
export const firstDay = Date.UTC(2022, 0, 1);
/** Stores per tenant: each is one series of each metric. */
export const storeCount = 5;
/** Days the read route asks for: the last 30 days of data. */
export const windowDays = 30;

/** Tenant `index`'s id, the same formula as the pgbench script (`lpad(index + 1, 12, '0')`). */
export function benchTenantId(index: number): string {
  return `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
}

/**
 * Points of tenant `index` over `days` days: `revenue` and `orders` for each of {@link storeCount} stores,
 * `2 * storeCount * days` points. A store's revenue is `1000 * index + 10 * (day % 10) + store`, so a day's
 * revenue summed over stores is {@link expectedRevenue} and names its tenant.
 */
export function tenantPoints(index: number, days: number): MetricPointInput[] {
  const points: MetricPointInput[] = [];
  for (let day = 0; day < days; day += 1) {
    const ts = new Date(firstDay + day * dayMs);
    for (let store = 0; store < storeCount; store += 1) {
      const dimensions = { store: `store-${store}` };
      points.push({ metric: 'revenue', ts, value: 1000 * index + 10 * (day % 10) + store, dimensions });
      points.push({ metric: 'orders', ts, value: 3 + ((day + store + index) % 17), dimensions });
    }
  }
  return points;
}

/** Tenant `index`'s revenue of day number `day`, summed over its stores. */
export function expectedRevenue(index: number, day: number): number {
  return storeCount * 1000 * index + storeCount * 10 * (day % 10) + (storeCount * (storeCount - 1)) / 2;
}

/** The tenant a daily revenue sum came from (the index part dominates: the rest is below 5,000). */
export function tenantOfRevenue(value: number): number {
  return Math.floor(value / (storeCount * 1000));
}

/** The read window `[from, to)` (ISO dates) of the last {@link windowDays} days of `days` days of data. */
export function readWindow(days: number): { from: string; to: string } {
  const iso = (day: number) => new Date(firstDay + day * dayMs).toISOString().slice(0, 10);
  return { from: iso(days - windowDays), to: iso(days) };
}

/** Tallies of checked responses. */
export interface ResponseTally {
  responses: number;
  non200: number;
  /** Points whose value belongs to another tenant. */
  wrongTenantRows: number;
  /** Points of the right tenant with a wrong value or day, and responses with a wrong number of points. */
  wrongRows: number;
}

/** A new, zeroed {@link ResponseTally}. */
export function emptyTally(): ResponseTally {
  return { responses: 0, non200: 0, wrongTenantRows: 0, wrongRows: 0 };
}

/** Checks one `GET /v1/metrics/revenue?grain=day` response of tenant `index` against its planted values. */
export function checkResponse(tally: ResponseTally, status: number, body: string, index: number): void {
  tally.responses += 1;
  if (status !== 200) {
    tally.non200 += 1;
    return;
  }
  const points = (JSON.parse(body) as { points: { ts: string; value: number }[] }).points;
  if (points.length !== windowDays) tally.wrongRows += 1;
  for (const point of points) {
    if (tenantOfRevenue(point.value) !== index) {
      tally.wrongTenantRows += 1;
      continue;
    }
    const day = Math.round((Date.parse(point.ts) - firstDay) / dayMs);
    if (point.value !== expectedRevenue(index, day)) tally.wrongRows += 1;
  }
}

/** Tenant `index`'s orders of day number `day`, summed over its stores. */
export function expectedOrders(index: number, day: number): number {
  let orders = 0;
  for (let store = 0; store < storeCount; store += 1) orders += 3 + ((day + store + index) % 17);
  return orders;
}

/** Tenant `index`'s `average_order_value` of day `day`: the day's revenue over its orders. */
export function expectedAverageOrderValue(index: number, day: number): number {
  return expectedRevenue(index, day) / expectedOrders(index, day);
}

const sameValue = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/**
 * Checks one `GET /v1/kpis/average_order_value?grain=day` response of tenant `index`: every point must equal the
 * tenant's planted ratio; a value that equals another tenant's ratio of that day counts as a wrong-tenant row.
 */
export function checkKpiResponse(
  tally: ResponseTally,
  status: number,
  body: string,
  index: number,
  tenants: number,
): void {
  tally.responses += 1;
  if (status !== 200) {
    tally.non200 += 1;
    return;
  }
  const answer = JSON.parse(body) as { kpi: string; points: { ts: string; value: number | null }[] };
  if (answer.kpi !== 'average_order_value' || answer.points.length !== windowDays) tally.wrongRows += 1;
  for (const point of answer.points) {
    const day = Math.round((Date.parse(point.ts) - firstDay) / dayMs);
    if (point.value !== null && sameValue(point.value, expectedAverageOrderValue(index, day))) continue;
    let other = false;
    for (let tenant = 0; tenant < tenants && !other && point.value !== null; tenant += 1)
      other = tenant !== index && sameValue(point.value, expectedAverageOrderValue(tenant, day));
    if (other) tally.wrongTenantRows += 1;
    else tally.wrongRows += 1;
  }
}
