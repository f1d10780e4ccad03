import { describe, expect, it } from 'vitest';
import { isTimeZone, timeZoneSchema } from './time-zone.js';

describe('isTimeZone', () => {
  it('accepts IANA names, links and UTC', () => {
    expect(
      ['Europe/Berlin', 'UTC', 'Etc/GMT+5', 'US/Eastern', 'America/Argentina/Buenos_Aires'].map(isTimeZone),
    ).toEqual([true, true, true, true, true]);
  });

  it('rejects unknown names, fixed offsets, empty strings and non-strings', () => {
    expect(['Mars/Olympus', '+01:00', '', 42, null].map(isTimeZone)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('timeZoneSchema', () => {
  it('reports the unknown zone in its issue message', () => {
    const result = timeZoneSchema.safeParse('Europe/Atlantis');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('unknown IANA time zone "Europe/Atlantis"');
  });
});
