import { resolve } from 'node:path';
import {
  compileKpi,
  computeKpiSeries,
  DyocenseError,
  type Grain,
  getKpi,
  grainSchema,
  type KpiDefinition,
  type KpiSeries,
  libraryMetrics,
  parseInput,
  type TimeSeries,
  toLocalDateParts,
} from '@dyocense/core';
import { ingestFile, ingestOptionsSchema } from '@dyocense/core/ingest';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-code.js';
import { formatTable } from '../format/format-table.js';
import { parseCommandArguments } from '../parse-command-arguments.js';

const options = {
  input: { type: 'string' },
  kpi: { type: 'string' },
  grain: { type: 'string', default: 'month' },
  'time-zone': { type: 'string' },
  'date-format': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** A KPI computed for one entity: the id prefix its metric series share (`shop-1`, `shop-1/coffee`, `all`). */
export interface EntityKpi {
  readonly entity: string;
  readonly series: KpiSeries;
}

const total = 'all';

function splitSeriesId(id: string): { entity: string; metric: string } {
  const slash = id.lastIndexOf('/');
  return slash < 0
    ? { entity: total, metric: id }
    : { entity: id.slice(0, slash), metric: id.slice(slash + 1) };
}

function ancestors(entity: string): string[] {
  if (entity === total) return [total];
  const parts = entity.split('/');
  return [...parts.map((_, index) => parts.slice(0, index + 1).join('/')), total];
}

/** Adds series point by point (union of timestamps; a sum is null only where every addend is missing). */
function sumSeries(id: string, members: readonly TimeSeries[]): TimeSeries {
  const sums = new Map<number, number | null>();
  for (const member of members) {
    member.timestamps.forEach((timestamp, index) => {
      const value = member.values[index] ?? null;
      const previous = sums.get(timestamp) ?? null;
      sums.set(timestamp, value === null ? previous : (previous ?? 0) + value);
    });
  }
  const timestamps = [...sums.keys()].sort((left, right) => left - right);
  const first = members[0] as TimeSeries;
  return {
    id,
    timeZone: first.timeZone,
    timestamps,
    values: timestamps.map((timestamp) => sums.get(timestamp) ?? null),
  };
}

/**
 * Groups a file's series into entities and computes the KPI for every entity that has all the KPI's metrics.
 *
 * A series id's last `/` segment names its metric (`shop-1/coffee/revenue` is metric `revenue` of entity
 * `shop-1/coffee`); an entity also rolls up its descendants (`shop-1`, and `all` for the whole file), by
 * summing, which is only done for metrics aggregated by sum.
 *
 * @throws DyocenseError `invalid_input` when no entity has every metric the KPI needs.
 */
export function computeEntityKpis(
  kpi: KpiDefinition,
  series: readonly TimeSeries[],
  grain: Grain,
  timeZone?: string,
): EntityKpi[] {
  const needed = compileKpi(kpi).formula.metrics.filter((metric) => metric !== 'period_days');
  const summable = new Set(
    Object.values(libraryMetrics)
      .filter((metric) => metric.aggregation === 'sum')
      .map((metric) => metric.id),
  );
  const byEntity = new Map<string, Map<string, TimeSeries[]>>();
  for (const one of series) {
    const { entity, metric } = splitSeriesId(one.id);
    if (!needed.includes(metric)) continue;
    for (const level of ancestors(entity)) {
      const metrics = byEntity.get(level) ?? new Map<string, TimeSeries[]>();
      metrics.set(metric, [...(metrics.get(metric) ?? []), one]);
      byEntity.set(level, metrics);
    }
  }
  const results: EntityKpi[] = [];
  for (const [entity, metrics] of [...byEntity].sort(([left], [right]) => left.localeCompare(right))) {
    if (!needed.every((metric) => metrics.has(metric))) continue;
    const inputs: Record<string, TimeSeries> = {};
    let combinable = true;
    for (const [metric, members] of metrics) {
      if (members.length > 1 && !summable.has(metric)) combinable = false;
      inputs[metric] =
        members.length === 1 ? (members[0] as TimeSeries) : sumSeries(`${entity}/${metric}`, members);
    }
    if (!combinable) continue;
    results.push({
      entity,
      series: computeKpiSeries(kpi, inputs, { grain, ...(timeZone ? { timeZone } : {}) }),
    });
  }
  if (results.length === 0) {
    const found = [...new Set(series.map((one) => splitSeriesId(one.id).metric))].sort();
    throw new DyocenseError({
      code: 'invalid_input',
      message: `KPI "${kpi.id}" needs metrics ${needed.join(', ')}; the file has series for ${found.join(', ') || 'no metrics'} (a series id's last "/" segment names its metric)`,
    });
  }
  return results;
}

function periodLabel(timestamp: number, grain: Grain, timeZone: string): string {
  const parts = toLocalDateParts(timestamp, timeZone);
  const month = String(parts.month).padStart(2, '0');
  const day = String(parts.day).padStart(2, '0');
  switch (grain) {
    case 'year':
      return String(parts.year);
    case 'quarter':
      return `${parts.year}-Q${Math.ceil(parts.month / 3)}`;
    case 'month':
      return `${parts.year}-${month}`;
    case 'hour':
      return `${parts.year}-${month}-${day} ${String(parts.hour).padStart(2, '0')}:00`;
    default:
      return `${parts.year}-${month}-${day}`;
  }
}

function findKpi(id: string): KpiDefinition {
  try {
    return getKpi(id);
  } catch (error) {
    if (DyocenseError.isInstance(error) && error.code === 'not_found') {
      throw new DyocenseError({ code: 'invalid_input', message: error.message, cause: error });
    }
    throw error;
  }
}

/** `dyocense kpi --input FILE --kpi ID [--grain month]`: a library KPI per period and entity. */
export async function kpiCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArguments('kpi', argv, options, 0);
  if (values.input === undefined || values.kpi === undefined) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'dyocense kpi: --input FILE and --kpi ID are required',
    });
  }
  const grain = parseInput(grainSchema, values.grain, '--grain');
  const kpi = findKpi(values.kpi);
  const ingestOptions = parseInput(
    ingestOptionsSchema,
    {
      ...(values['time-zone'] === undefined ? {} : { timeZone: values['time-zone'] }),
      ...(values['date-format'] === undefined ? {} : { dateFormat: values['date-format'] }),
    },
    'kpi options',
  );
  const ingested = await ingestFile(resolve(io.cwd, values.input), ingestOptions);
  const entities = computeEntityKpis(kpi, ingested.series, grain, values['time-zone']);
  if (values.json === true) {
    io.stdout(
      `${JSON.stringify({ kpi: { id: kpi.id, name: kpi.name, unit: kpi.unit }, grain, entities }, null, 2)}\n`,
    );
    return exitCodes.ok;
  }
  const first = (entities[0] as EntityKpi).series;
  const periods = [...new Set(entities.flatMap((entity) => entity.series.timestamps))].sort((a, b) => a - b);
  const rows = periods.map((period) => [
    periodLabel(period, grain, first.timeZone),
    ...entities.map((entity) => {
      const index = entity.series.timestamps.indexOf(period);
      const value = index < 0 ? null : entity.series.values[index];
      return value ?? '-';
    }),
  ]);
  io.stdout(`${kpi.name} (${kpi.id}, ${kpi.unit}) by ${grain}\n`);
  io.stdout(`${formatTable([grain, ...entities.map((entity) => entity.entity)], rows)}\n`);
  return exitCodes.ok;
}
