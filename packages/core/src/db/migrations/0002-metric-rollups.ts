import { type Kysely, sql } from 'kysely';
import { appRole } from '../app-role.js';
import { rollupGrains } from '../tenant-tables.js';

const rollupTables = rollupGrains.map((grain) => `metric_rollups_${grain}`);

/** The read function's signature, as GRANT and DROP name it. */
export const readMetricSignature =
  'dyocense_read_metric(uuid, text, text, timestamptz, timestamptz, text, integer)';

// Reads serve one metric summed over its dimensions, so a rollup row is one (tenant, metric, bucket); the
// per-series key of 0001 only multiplied the rows a read has to add up.
const reshape = rollupTables.flatMap((table) => [
  `truncate ${table}`,
  `alter table ${table} drop constraint ${table}_pkey`,
  `alter table ${table} drop column series_key`,
  `alter table ${table} add primary key (tenant_id, metric, bucket)`,
]);

// Points stored before this migration get their rollups here. The owner is subject to the forced policies
// too and no tenant is set, so forcing is lifted for this transaction only (the app role is never exempt:
// NO FORCE only exempts the table owner).
const backfill = [
  ...['metric_points', ...rollupTables].map((table) => `alter table ${table} no force row level security`),
  `insert into metric_rollups_day (tenant_id, metric, bucket, point_count, value_sum, value_min, value_max)
   select tenant_id, metric, date_trunc('day', ts, 'UTC'), count(*), sum(value), min(value), max(value)
   from metric_points group by 1, 2, 3`,
  ...rollupGrains
    .filter((grain) => grain !== 'day')
    .map(
      (
        grain,
      ) => `insert into metric_rollups_${grain} (tenant_id, metric, bucket, point_count, value_sum, value_min, value_max)
   select tenant_id, metric, date_trunc('${grain}', bucket, 'UTC'), sum(point_count), sum(value_sum), min(value_min), max(value_max)
   from metric_rollups_day group by 1, 2, 3`,
    ),
  ...['metric_points', ...rollupTables].map((table) => `alter table ${table} force row level security`),
];

// One round trip per read: the function sets the same two transaction-local settings as withTenant, then
// reads under the forced policies as its caller (SECURITY INVOKER). Called outside an explicit transaction,
// the statement is its own transaction, so both settings end with the call. The tenant comes from the
// argument: the caller must pass the authenticated tenant, exactly as it passes it to withTenant.
//
// Source of the buckets: rollups whenever [from, to) is aligned to their buckets (then the result is exactly
// the aggregate of the points in range), metric_points otherwise and for hours. Weeks are ISO weeks; quarters
// and years are made of month rollups; all buckets are UTC.
const readMetricFunction = `create function dyocense_read_metric(
    p_tenant uuid, p_metric text, p_grain text, p_from timestamptz, p_to timestamptz,
    p_aggregation text, p_limit integer)
  returns table (ts timestamptz, value double precision)
  language plpgsql volatile security invoker
  set search_path = pg_catalog, public, pg_temp
as $fn$
#variable_conflict use_column
declare
  v_from timestamptz := coalesce(p_from, '-infinity');
  v_to timestamptz := coalesce(p_to, 'infinity');
  v_day boolean;
  v_source text;
begin
  if p_tenant is null or p_metric is null then
    raise exception 'dyocense_read_metric: tenant and metric are required' using errcode = '22004';
  end if;
  if p_grain is null or p_grain not in ('hour', 'day', 'week', 'month', 'quarter', 'year') then
    raise exception 'dyocense_read_metric: unknown grain %', p_grain using errcode = '22023';
  end if;
  if p_aggregation is null or p_aggregation not in ('sum', 'avg', 'min', 'max', 'count') then
    raise exception 'dyocense_read_metric: unknown aggregation %', p_aggregation using errcode = '22023';
  end if;
  if p_limit is null or p_limit < 1 then
    raise exception 'dyocense_read_metric: limit must be positive' using errcode = '22023';
  end if;

  -- PGlite's session already runs as the app role; setting a role costs a catalog lookup per call.
  if current_user <> '${appRole}' then
    perform set_config('role', '${appRole}', true);
  end if;
  perform set_config('app.tenant_id', p_tenant::text, true);

  v_day := (p_from is null or p_from = date_trunc('day', p_from, 'UTC'))
    and (p_to is null or p_to = date_trunc('day', p_to, 'UTC'));
  v_source := case
    when p_grain = 'hour' or not v_day then 'points'
    when p_grain = 'week' and (p_from is null or p_from = date_trunc('week', p_from, 'UTC'))
      and (p_to is null or p_to = date_trunc('week', p_to, 'UTC')) then 'week'
    when p_grain in ('month', 'quarter', 'year') and (p_from is null or p_from = date_trunc('month', p_from, 'UTC'))
      and (p_to is null or p_to = date_trunc('month', p_to, 'UTC')) then 'month'
    else 'day'
  end;

  -- One static statement per source (not one UNION ALL gated by v_source): each keeps its own cached plan, and
  -- the hot day read runs no other branch.
  if v_source = 'points' then
    return query
      select b.bucket, b.result from (
        select date_trunc(p_grain, p.ts, 'UTC') as bucket,
          case p_aggregation
            when 'sum' then sum(p.value) when 'avg' then avg(p.value)
            when 'min' then min(p.value) when 'max' then max(p.value) else count(*)::float8
          end as result
        from metric_points p
        where p.tenant_id = p_tenant and p.metric = p_metric and p.ts >= v_from and p.ts < v_to
        group by 1 order by 1 desc limit p_limit
      ) b order by b.bucket;
  elsif v_source = 'day' then
    return query
      select b.bucket, b.result from (
        select date_trunc(p_grain, r.bucket, 'UTC') as bucket,
          case p_aggregation
            when 'sum' then sum(r.value_sum) when 'avg' then sum(r.value_sum) / sum(r.point_count)::float8
            when 'min' then min(r.value_min) when 'max' then max(r.value_max) else sum(r.point_count)::float8
          end as result
        from metric_rollups_day r
        where r.tenant_id = p_tenant and r.metric = p_metric and r.bucket >= v_from and r.bucket < v_to
        group by 1 order by 1 desc limit p_limit
      ) b order by b.bucket;
  elsif v_source = 'week' then
    return query
      select b.bucket, b.result from (
        select date_trunc(p_grain, r.bucket, 'UTC') as bucket,
          case p_aggregation
            when 'sum' then sum(r.value_sum) when 'avg' then sum(r.value_sum) / sum(r.point_count)::float8
            when 'min' then min(r.value_min) when 'max' then max(r.value_max) else sum(r.point_count)::float8
          end as result
        from metric_rollups_week r
        where r.tenant_id = p_tenant and r.metric = p_metric and r.bucket >= v_from and r.bucket < v_to
        group by 1 order by 1 desc limit p_limit
      ) b order by b.bucket;
  else
    return query
      select b.bucket, b.result from (
        select date_trunc(p_grain, r.bucket, 'UTC') as bucket,
          case p_aggregation
            when 'sum' then sum(r.value_sum) when 'avg' then sum(r.value_sum) / sum(r.point_count)::float8
            when 'min' then min(r.value_min) when 'max' then max(r.value_max) else sum(r.point_count)::float8
          end as result
        from metric_rollups_month r
        where r.tenant_id = p_tenant and r.metric = p_metric and r.bucket >= v_from and r.bucket < v_to
        group by 1 order by 1 desc limit p_limit
      ) b order by b.bucket;
  end if;
end
$fn$`;

const statements = [
  ...reshape,
  ...backfill,
  readMetricFunction,
  // Functions are executable by PUBLIC by default: only the app role may call this one.
  `revoke all on function ${readMetricSignature} from public`,
  `grant execute on function ${readMetricSignature} to ${appRole}`,
];

/**
 * Rollups per metric (summed over dimensions) with count, sum, min and max, kept current by ingest, and the
 * one-round-trip read `dyocense_read_metric` over them.
 */
export const metricRollupsMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql.raw(`drop function if exists ${readMetricSignature}`).execute(db);
    for (const table of rollupTables) {
      for (const statement of [
        `truncate ${table}`,
        `alter table ${table} drop constraint ${table}_pkey`,
        `alter table ${table} add column series_key text not null default '{}'`,
        `alter table ${table} alter column series_key drop default`,
        `alter table ${table} add primary key (tenant_id, metric, series_key, bucket)`,
      ]) {
        await sql.raw(statement).execute(db);
      }
    }
  },
};
