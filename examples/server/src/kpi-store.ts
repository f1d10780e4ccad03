import {
  computeKpiSeries,
  DyocenseError,
  type Grain,
  type KpiDefinition,
  type KpiSeries,
  kpiDefinitionSchema,
  kpiLibrary,
  type TimeSeriesInput,
} from '@dyocense/core';
import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import type { Kysely, Transaction } from 'kysely';
import { maxBuckets, readMetric } from './metric-store.js';

/** A KPI the tenant can read: a built-in one from core's library or one the tenant stored. */
export interface StoredKpi {
  readonly definition: KpiDefinition;
  readonly source: 'library' | 'tenant';
  /** Row id of a tenant definition. */
  readonly definitionId?: string;
  readonly createdAt?: Date;
}

/** Whether `key` names a built-in KPI (tenant definitions may not reuse these ids). */
export function isLibraryKpi(key: string): boolean {
  return Object.hasOwn(kpiLibrary, key);
}

interface KpiRow {
  id: string;
  definition: unknown;
  created_at: Date;
}

function fromRow(row: KpiRow): StoredKpi {
  // Rows were validated by core's schema when stored; parsing again keeps a hand-edited row from crashing reads.
  return {
    definition: kpiDefinitionSchema.parse(row.definition),
    source: 'tenant',
    definitionId: row.id,
    createdAt: row.created_at,
  };
}

/** The tenant's own KPI definitions, by key. */
export async function listTenantKpis(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
): Promise<StoredKpi[]> {
  const rows = await trx
    .selectFrom('kpi_definitions')
    .select(['id', 'definition', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('kpi_key')
    .execute();
  return rows.map(fromRow);
}

/** The tenant's KPI definition stored under `key`, or undefined. */
export async function findTenantKpi(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  key: string,
): Promise<StoredKpi | undefined> {
  const row = await trx
    .selectFrom('kpi_definitions')
    .select(['id', 'definition', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('kpi_key', '=', key)
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

/**
 * The KPI `key` for this tenant, or undefined. Built-in KPIs are answered without touching the database
 * (tenant keys never shadow them: storing one with a built-in id is refused).
 */
export async function findKpi(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  key: string,
): Promise<StoredKpi | undefined> {
  if (isLibraryKpi(key)) return { definition: kpiLibrary[key as keyof typeof kpiLibrary], source: 'library' };
  return withTenant(db, tenantId, (trx) => findTenantKpi(trx, tenantId, key));
}

/** What {@link readKpiSeries} evaluates: a grain and an optional `[from, to)` range (ISO). */
export interface KpiRead {
  readonly grain: Grain;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/**
 * Evaluates `kpi` per UTC bucket of `read.grain` over the stored metrics with core's {@link computeKpiSeries}.
 * Each metric is first read summed over dimensions per day (per hour for an hourly KPI); core then aggregates
 * those daily totals per bucket with the aggregation the formula asks for (`sum`, `last`, `mean`, ...), so
 * a `count(...)` in a formula counts days with data, not stored points. The metrics are read concurrently,
 * outside any transaction, one round trip each (see `readMetric`).
 *
 * @returns core's series: a value per bucket, or null with the reason (`division_by_zero`, `missing_input`,
 * `overflow`); never NaN.
 * @throws DyocenseError `invalid_input` when a metric has more than {@link maxBuckets} days in the range.
 */
export async function readKpiSeries(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  kpi: KpiDefinition,
  read: KpiRead,
): Promise<KpiSeries> {
  const base: Grain = read.grain === 'hour' ? 'hour' : 'day';
  const reads = await Promise.all(
    kpi.metrics.map((metric) =>
      readMetric(
        db,
        tenantId,
        {
          metric: metric.id,
          grain: base,
          aggregation: 'sum',
          ...(read.from === undefined ? {} : { from: read.from }),
          ...(read.to === undefined ? {} : { to: read.to }),
        },
        maxBuckets + 1,
      ),
    ),
  );
  const series: Record<string, TimeSeriesInput> = {};
  for (const [index, metric] of kpi.metrics.entries()) {
    const rows = reads[index] ?? [];
    if (rows.length > maxBuckets) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Metric "${metric.id}" has more than ${maxBuckets} ${base}s in the range; narrow from/to`,
      });
    }
    series[metric.id] = {
      id: metric.id,
      metric: metric.id,
      frequency: base,
      timeZone: 'UTC',
      timestamps: rows.map((row) => row.ts.getTime()),
      values: rows.map((row) => row.value),
    };
  }
  return computeKpiSeries(kpi, series, { grain: read.grain, timeZone: 'UTC' });
}
