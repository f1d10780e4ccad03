import { describe, expect, it, vi } from 'vitest';
import { getTimeZoneOffset } from './get-time-zone-offset.js';
import { maxInstant, minInstant } from './instant.js';
import { toLocalDateParts } from './to-local-date-parts.js';

describe('toLocalDateParts', () => {
  it('reads the local clock right after the Europe/Berlin spring-forward jump', () => {
    expect(toLocalDateParts(Date.UTC(2024, 2, 31, 1), 'Europe/Berlin')).toEqual({
      year: 2024,
      month: 3,
      day: 31,
      hour: 3,
      minute: 0,
      second: 0,
      millisecond: 0,
      weekday: 7,
      offset: 7_200_000,
    });
  });

  it('keeps milliseconds and applies a 45-minute offset (Asia/Kathmandu)', () => {
    expect(toLocalDateParts(Date.UTC(2024, 0, 1, 20, 30, 15, 250), 'Asia/Kathmandu')).toEqual({
      year: 2024,
      month: 1,
      day: 2,
      hour: 2,
      minute: 15,
      second: 15,
      millisecond: 250,
      weekday: 2,
      offset: 20_700_000,
    });
  });

  it('reads instants before 1970 and at the edges of the supported range', () => {
    expect(toLocalDateParts(-1, 'UTC')).toMatchObject({ year: 1969, month: 12, day: 31, millisecond: 999 });
    expect(toLocalDateParts(minInstant, 'UTC')).toMatchObject({ year: 1, month: 1, day: 1, weekday: 1 });
    expect(toLocalDateParts(maxInstant, 'Pacific/Kiritimati')).toMatchObject({
      year: 10_000,
      month: 1,
      day: 1,
    });
  });

  it('rejects an unknown zone and an out-of-range instant with invalid_input', () => {
    expect(() => toLocalDateParts(0, 'Europe/Atlantis')).toThrowError(
      expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('Europe/Atlantis') }),
    );
    expect(() => toLocalDateParts(Number.NaN, 'UTC')).toThrowError(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('getTimeZoneOffset', () => {
  it('gives the Europe/Berlin offset in winter and summer in milliseconds', () => {
    expect(getTimeZoneOffset(Date.UTC(2024, 0, 15), 'Europe/Berlin')).toBe(3_600_000);
    expect(getTimeZoneOffset(Date.UTC(2024, 6, 15), 'Europe/Berlin')).toBe(7_200_000);
    expect(getTimeZoneOffset(Date.UTC(2024, 6, 15), 'America/New_York')).toBe(-14_400_000);
  });

  it('switches offset exactly at the transition instant', () => {
    expect(getTimeZoneOffset(Date.UTC(2024, 2, 31, 1) - 1, 'Europe/Berlin')).toBe(3_600_000);
    expect(getTimeZoneOffset(Date.UTC(2024, 2, 31, 1), 'Europe/Berlin')).toBe(7_200_000);
  });

  it('throws invalid_input for a fixed-offset string, which is not an IANA zone', () => {
    expect(() => getTimeZoneOffset(0, '+01:00')).toThrowError(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('getTimeZoneOffset with an unfamiliar Intl output format', () => {
  it('falls back to formatToParts and still gives the right offset', () => {
    // `format` is a bound-function getter on the prototype; the cast lets vitest spy on that getter.
    const prototype = Intl.DateTimeFormat.prototype as unknown as { format: unknown };
    vi.spyOn(prototype, 'format', 'get').mockReturnValue(() => '14.11.2023, 23:13:20');
    expect(getTimeZoneOffset(Date.UTC(2024, 6, 15, 12, 0, 0, 500), 'Europe/Berlin')).toBe(7_200_000);
    expect(getTimeZoneOffset(Date.UTC(2024, 0, 15), 'America/New_York')).toBe(-18_000_000);
  });
});
