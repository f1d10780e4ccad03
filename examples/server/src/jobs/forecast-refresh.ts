import { DyocenseError, grainSchema } from '@dyocense/core';
import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import { forecastModelNames } from '@dyocense/forecast';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { aggregationSchema, audit, readMetric } from '../metric-store.js';
import type { JobRunner } from './job-runner.js';

/** Most buckets of history a refreshed forecast fits on (as `POST /v1/forecasts`). */
const maxHistory = 2_000;

/**
 * The settings a refresh reuses from the metric's latest stored forecast (the request `POST /v1/forecasts` kept);
 * a metric never forecast gets these defaults. The range (`from`/`to`) is not reused: a refresh fits on the
 * latest data.
 */
const refreshSettingsSchema = z.object({
  horizon: z.number().int().min(1).max(1_000).catch(14),
  grain: grainSchema.catch('day'),
  model: z.enum(forecastModelNames).catch('auto'),
  levels: z.array(z.number().gt(0).lt(100)).min(1).max(5).catch([80, 95]),
  aggregation: aggregationSchema.catch('sum'),
});

/** A forecast refresh job's payload. */
export const forecastRefreshJobSchema = z.object({
  tenantId: z.uuid(),
  metric: z.string().min(1).max(200),
});

/**
 * Recomputes the forecast of `metric` for `tenantId` with the settings of its latest stored forecast, on the
 * stored history, and stores it as a new forecast (audited as `forecasts.refresh` by `scheduler`). Every read and
 * write runs under the tenant's row-level security.
 *
 * @returns the new forecast's id.
 * @throws DyocenseError `insufficient_data` when the metric has no points.
 */
export async function refreshForecast(
  db: Kysely<DyocenseSchema>,
  runner: JobRunner,
  tenantId: string,
  metric: string,
  signal?: AbortSignal,
): Promise<string> {
  const latest = await withTenant(db, tenantId, (trx) =>
    trx
      .selectFrom('forecasts')
      .select('request')
      .where('tenant_id', '=', tenantId)
      .where('metric', '=', metric)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  );
  const settings = refreshSettingsSchema.parse({ ...(latest?.request as object | undefined) });
  const history = await readMetric(
    db,
    tenantId,
    { metric, grain: settings.grain, aggregation: settings.aggregation },
    maxHistory,
  );
  if (history.length === 0) {
    throw new DyocenseError({ code: 'insufficient_data', message: `No points of metric "${metric}"` });
  }
  const result = await runner.forecast(
    {
      id: metric,
      metric,
      frequency: settings.grain,
      timestamps: history.map((row) => row.ts.getTime()),
      values: history.map((row) => row.value),
    },
    { horizon: settings.horizon, model: settings.model, levels: settings.levels, gapPolicy: 'interpolate' },
    signal,
  );
  return withTenant(db, tenantId, async (trx) => {
    const inserted = await trx
      .insertInto('forecasts')
      .values({
        tenant_id: tenantId,
        metric,
        grain: settings.grain,
        horizon: settings.horizon,
        model: result.method,
        request: JSON.stringify({ metric, ...settings }),
        result: JSON.stringify(result),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, tenantId, {
      action: 'forecasts.refresh',
      subject: 'scheduler',
      targetType: 'forecast',
      targetId: inserted.id,
    });
    return inserted.id;
  });
}
