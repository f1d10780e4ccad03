import type { DyocenseSchema } from '@dyocense/core/db';
import { insertMetricPoints, withTenant } from '@dyocense/core/db';
import { generateDemoBusiness, toLongCsv } from '@dyocense/core/demo';
import { ingest } from '@dyocense/core/ingest';
import type { Kysely } from 'kysely';
import { audit, seriesToPoints } from './metric-store.js';

/** The demo tenant's fixed id, so demo tokens and links stay valid across restarts. */
export const demoTenantId = '00000000-0000-4000-8000-00000000d3e0';

/**
 * Creates the demo tenant with the demo business's daily series on first call; later calls find the tenant and
 * do nothing. The series go through the same path as a CSV upload (long CSV, core ingestion, metric points), in
 * one transaction.
 *
 * @returns whether the demo was seeded now, and how many points were written.
 */
export async function seedDemoTenant(
  db: Kysely<DyocenseSchema>,
): Promise<{ seeded: boolean; points: number }> {
  return withTenant(db, demoTenantId, async (trx) => {
    const existing = await trx
      .selectFrom('tenants')
      .select('id')
      .where('id', '=', demoTenantId)
      .executeTakeFirst();
    if (existing !== undefined) return { seeded: false, points: 0 };
    const business = generateDemoBusiness();
    await trx.insertInto('tenants').values({ id: demoTenantId, name: business.name }).execute();
    // The long CSV writes each day as the shop's local date, so buckets follow the shops' calendar days.
    const table = await ingest(toLongCsv(business));
    const points = seriesToPoints(table.series);
    const result = await insertMetricPoints(trx, demoTenantId, points);
    await audit(trx, demoTenantId, { action: 'demo.seed', subject: 'dyocense serve', detail: { ...result } });
    return { seeded: true, points: result.inserted };
  });
}
