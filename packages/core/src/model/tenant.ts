import { z } from 'zod';
import { monthSchema, weekdaySchema } from '../time/calendar-options.js';
import { instantSchema } from '../time/instant.js';
import { timeZoneSchema } from '../time/time-zone.js';
import { currencyCodeSchema } from './metric.js';

/** A lower-case slug: letters, digits and single hyphens, 1-63 characters (`acme-coffee`). */
const slugSchema = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    message: 'must be a lower-case slug (a-z, 0-9, single hyphens) or a UUID',
  });

/** A BCP 47 locale tag, canonicalised (`en-us` becomes `en-US`). */
export const localeSchema = z.string().transform((tag, context) => {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical !== undefined) return canonical;
  } catch {
    // Reported below.
  }
  context.addIssue({ code: 'custom', message: `invalid BCP 47 locale tag ${JSON.stringify(tag)}` });
  return z.NEVER;
});

/**
 * A tenant: one business using Dyocense, with the calendar and money settings every engine reads.
 *
 * - `id`: lower-case slug (max 63 characters) or UUID.
 * - `timeZone`: IANA zone whose local calendar defines the tenant's days, weeks and months.
 * - `currency`: ISO 4217 code; `locale`: BCP 47 tag for number and date formatting (default `en-US`).
 * - `weekStartsOn`: ISO weekday, default 1 (Monday); `fiscalYearStartMonth`: 1-12, default 1 (January).
 * - `createdAt`: epoch milliseconds.
 */
export const tenantSchema = z.object({
  id: z.union([z.uuid(), slugSchema]),
  name: z.string().trim().min(1).max(200),
  timeZone: timeZoneSchema,
  currency: currencyCodeSchema,
  locale: localeSchema.default('en-US'),
  weekStartsOn: weekdaySchema.default(1),
  fiscalYearStartMonth: monthSchema.default(1),
  createdAt: instantSchema,
});

/** A validated tenant (see {@link tenantSchema}). */
export type Tenant = z.output<typeof tenantSchema>;
/** Input accepted where a tenant is expected (`locale`, `weekStartsOn`, `fiscalYearStartMonth` optional). */
export type TenantInput = z.input<typeof tenantSchema>;
