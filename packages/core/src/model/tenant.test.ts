import { describe, expect, it } from 'vitest';
import { tenantSchema } from './tenant.js';

const coffee = {
  id: 'acme-coffee',
  name: ' Acme Coffee ',
  timeZone: 'Europe/Berlin',
  currency: 'EUR',
  createdAt: Date.UTC(2024, 0, 1),
};

function issues(input: unknown): string[] {
  const result = tenantSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('tenantSchema', () => {
  it('accepts a tenant, trims its name and fills in calendar defaults', () => {
    expect(tenantSchema.parse(coffee)).toEqual({
      ...coffee,
      name: 'Acme Coffee',
      locale: 'en-US',
      weekStartsOn: 1,
      fiscalYearStartMonth: 1,
    });
  });

  it('accepts a UUID id and canonicalises the locale', () => {
    const tenant = tenantSchema.parse({
      ...coffee,
      id: '0b7e3c62-6f2a-4c3e-9a47-2f5d8e1c9b10',
      locale: 'de-de',
      weekStartsOn: 7,
      fiscalYearStartMonth: 4,
    });
    expect(tenant).toMatchObject({ locale: 'de-DE', weekStartsOn: 7, fiscalYearStartMonth: 4 });
  });

  it('rejects a bad id, zone, currency and locale with one issue each', () => {
    expect(
      issues({
        ...coffee,
        id: 'Acme Coffee',
        timeZone: 'Europe/Atlantis',
        currency: 'ERU',
        locale: 'en_US!',
      }),
    ).toEqual([
      'id: Invalid input',
      'timeZone: unknown IANA time zone "Europe/Atlantis"',
      'currency: unknown ISO 4217 currency "ERU"',
      'locale: invalid BCP 47 locale tag "en_US!"',
    ]);
  });

  it('rejects lower-case currencies, an empty name, week day 0 and fiscal month 13', () => {
    expect(
      issues({ ...coffee, currency: 'eur', name: '  ', weekStartsOn: 0, fiscalYearStartMonth: 13 }).map(
        (issue) => issue.split(':')[0],
      ),
    ).toEqual(['name', 'currency', 'weekStartsOn', 'fiscalYearStartMonth']);
  });
});
