import { z } from 'zod';
import { parseInput } from '../../errors/index.js';
import { currencyCodeSchema } from '../../model/metric.js';
import type { JsonObjectV1 } from '../../plugin/spec/json-value-v1.js';

/**
 * A metric point in the shape core's `ingestMetricPoints` takes: `ts` an ISO instant (UTC midnight of the
 * day), `dimensions` naming the series.
 */
export interface SalesforceMetricPoint {
  readonly metric: string;
  readonly ts: string;
  readonly value: number;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** Records of the Opportunity and Order streams, as the connector emitted them (any number of versions per Id). */
export interface SalesforceMetricRecords {
  readonly opportunities?: readonly JsonObjectV1[];
  readonly orders?: readonly JsonObjectV1[];
}

const optionsSchema = z.object({
  /** Day (`YYYY-MM-DD`) the open pipeline is measured on; without it no pipeline points are made. */
  asOf: z.iso.date().optional(),
  /** Currency dimension for records without `CurrencyIsoCode` (orgs without multi-currency). */
  currency: currencyCodeSchema.optional(),
  /** Order statuses that count as booked. Default `['Activated']`. */
  orderStatuses: z.array(z.string().min(1)).min(1).default(['Activated']),
});

/** Options of {@link toSalesforceMetricPoints}. */
export type SalesforceMetricOptions = z.input<typeof optionsSchema>;

/** Metric names {@link toSalesforceMetricPoints} writes. */
export const salesforceMetrics = {
  closedWonAmount: 'salesforce_closed_won_amount',
  closedWonCount: 'salesforce_closed_won_count',
  pipelineAmount: 'salesforce_pipeline_amount',
  orderAmount: 'salesforce_order_amount',
} as const;

/** The latest version of each record (greatest `SystemModstamp`, later in the list on a tie), deletions dropped. */
function current(records: readonly JsonObjectV1[]): JsonObjectV1[] {
  const latest = new Map<string, JsonObjectV1>();
  for (const record of records) {
    const id = record.Id;
    if (typeof id !== 'string') continue;
    const seen = latest.get(id);
    const stamp = Date.parse(String(record.SystemModstamp ?? ''));
    const seenStamp =
      seen === undefined ? Number.NEGATIVE_INFINITY : Date.parse(String(seen.SystemModstamp ?? ''));
    if (seen === undefined || !(stamp < seenStamp)) latest.set(id, record);
  }
  return [...latest.values()].filter((record) => record.IsDeleted !== true);
}

const isDay = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
const isAmount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * Turns Salesforce records into daily metric points:
 *
 * - `salesforce_closed_won_amount` / `salesforce_closed_won_count`: per `CloseDate`, the sum of `Amount` and
 *   the number of won opportunities (`IsWon`); opportunities without an amount count but add nothing.
 * - `salesforce_pipeline_amount` (only with `asOf`): on that day, the sum of `Amount` of open opportunities
 *   (`IsClosed` false) per `StageName` (dimension `stage`). Salesforce keeps no stage history in these
 *   records, so a pipeline series is built by running this at every sync with that day's date.
 * - `salesforce_order_amount`: per `EffectiveDate`, the sum of `TotalAmount` of orders in `orderStatuses`.
 *
 * Every record's latest version counts once (by `Id` and `SystemModstamp`, so the records of several
 * incremental syncs can be passed together), and deleted ones (`IsDeleted`) not at all. Amounts keep their
 * record currency: `CurrencyIsoCode` when present, else `options.currency`, as a `currency` dimension.
 *
 * @throws DyocenseError `invalid_input` for malformed options.
 * @example
 * const points = toSalesforceMetricPoints({ opportunities }, { asOf: '2024-01-31', currency: 'EUR' });
 * await ingestMetricPoints(db, tenantId, points);
 */
export function toSalesforceMetricPoints(
  records: SalesforceMetricRecords,
  options: SalesforceMetricOptions = {},
): SalesforceMetricPoint[] {
  const parsed = parseInput(optionsSchema, options, 'Salesforce metric options');
  const sums = new Map<string, SalesforceMetricPoint>();
  const add = (metric: string, day: string, value: number, dimensions: Record<string, string>) => {
    const key = JSON.stringify([metric, day, Object.entries(dimensions).sort()]);
    const previous = sums.get(key)?.value ?? 0;
    sums.set(key, { metric, ts: `${day}T00:00:00.000Z`, value: previous + value, dimensions });
  };
  const currencyOf = (record: JsonObjectV1): Record<string, string> => {
    const code = typeof record.CurrencyIsoCode === 'string' ? record.CurrencyIsoCode : parsed.currency;
    return code === undefined ? {} : { currency: code };
  };

  for (const opportunity of current(records.opportunities ?? [])) {
    const amount = isAmount(opportunity.Amount) ? opportunity.Amount : undefined;
    if (opportunity.IsWon === true && isDay(opportunity.CloseDate)) {
      add(salesforceMetrics.closedWonCount, opportunity.CloseDate, 1, {});
      if (amount !== undefined) {
        add(salesforceMetrics.closedWonAmount, opportunity.CloseDate, amount, currencyOf(opportunity));
      }
    }
    if (parsed.asOf !== undefined && opportunity.IsClosed === false && amount !== undefined) {
      const stage = typeof opportunity.StageName === 'string' ? opportunity.StageName : 'Unknown';
      add(salesforceMetrics.pipelineAmount, parsed.asOf, amount, { stage, ...currencyOf(opportunity) });
    }
  }
  const statuses = new Set(parsed.orderStatuses);
  for (const order of current(records.orders ?? [])) {
    if (typeof order.Status !== 'string' || !statuses.has(order.Status)) continue;
    if (!isDay(order.EffectiveDate) || !isAmount(order.TotalAmount)) continue;
    add(salesforceMetrics.orderAmount, order.EffectiveDate, order.TotalAmount, currencyOf(order));
  }
  return [...sums.values()].sort((left, right) =>
    left.metric !== right.metric
      ? left.metric < right.metric
        ? -1
        : 1
      : left.ts !== right.ts
        ? left.ts < right.ts
          ? -1
          : 1
        : JSON.stringify(left.dimensions) < JSON.stringify(right.dimensions)
          ? -1
          : 1,
  );
}
