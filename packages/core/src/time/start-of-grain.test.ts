import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DyocenseError } from '../errors/dyocense-error.js';
import type { Grain } from '../model/frequency.js';
import { maxInstant, minInstant } from './instant.js';
import { nextGrainStart } from './next-grain-start.js';
import { startOfGrain } from './start-of-grain.js';

const hour = 3_600_000;
const utc = Date.UTC;

function localDay(instant: number, timeZone: string): { start: number; end: number; hours: number } {
  const start = startOfGrain(instant, 'day', timeZone);
  const end = nextGrainStart(instant, 'day', timeZone);
  return { start, end, hours: (end - start) / hour };
}

describe('startOfGrain and nextGrainStart: days across DST changes', () => {
  it('makes Europe/Berlin 2024-03-31 (spring forward) a 23-hour day', () => {
    expect(localDay(utc(2024, 2, 31, 12), 'Europe/Berlin')).toEqual({
      start: utc(2024, 2, 30, 23),
      end: utc(2024, 2, 31, 22),
      hours: 23,
    });
  });

  it('makes Europe/Berlin 2024-10-27 (fall back) a 25-hour day', () => {
    expect(localDay(utc(2024, 9, 27, 12), 'Europe/Berlin')).toEqual({
      start: utc(2024, 9, 26, 22),
      end: utc(2024, 9, 27, 23),
      hours: 25,
    });
  });

  it('makes America/New_York 2024-03-10 a 23-hour day and 2024-11-03 a 25-hour day', () => {
    expect(localDay(utc(2024, 2, 10, 12), 'America/New_York')).toEqual({
      start: utc(2024, 2, 10, 5),
      end: utc(2024, 2, 11, 4),
      hours: 23,
    });
    expect(localDay(utc(2024, 10, 3, 12), 'America/New_York')).toEqual({
      start: utc(2024, 10, 3, 4),
      end: utc(2024, 10, 4, 5),
      hours: 25,
    });
  });

  it('starts an America/Santiago day whose midnight is skipped at the jump to 01:00', () => {
    expect(localDay(utc(2024, 8, 8, 12), 'America/Santiago')).toEqual({
      start: utc(2024, 8, 8, 4),
      end: utc(2024, 8, 9, 3),
      hours: 23,
    });
    expect(localDay(utc(2024, 8, 7, 12), 'America/Santiago').end).toBe(utc(2024, 8, 8, 4));
  });

  it('ends the America/Santiago day before a fall-back at midnight after 25 hours', () => {
    expect(localDay(utc(2024, 3, 6, 12), 'America/Santiago')).toEqual({
      start: utc(2024, 3, 6, 3),
      end: utc(2024, 3, 7, 4),
      hours: 25,
    });
  });

  it('starts an America/Havana day whose midnight occurs twice at the first midnight', () => {
    const secondMidnightHalfPast = utc(2024, 10, 3, 5, 30);
    expect(localDay(secondMidnightHalfPast, 'America/Havana')).toEqual({
      start: utc(2024, 10, 3, 4),
      end: utc(2024, 10, 4, 5),
      hours: 25,
    });
    expect(localDay(utc(2024, 2, 10, 12), 'America/Havana')).toEqual({
      start: utc(2024, 2, 10, 5),
      end: utc(2024, 2, 11, 4),
      hours: 23,
    });
  });

  it('skips Pacific/Apia 2011-12-30, which the zone jumped over, so 29 December ends where 31 December starts', () => {
    expect(nextGrainStart(utc(2011, 11, 29, 20), 'day', 'Pacific/Apia')).toBe(utc(2011, 11, 30, 10));
    expect(startOfGrain(utc(2011, 11, 30, 12), 'day', 'Pacific/Apia')).toBe(utc(2011, 11, 30, 10));
  });

  it('handles Asia/Beirut, where clocks change at midnight in both directions', () => {
    expect(localDay(utc(2024, 2, 31, 12), 'Asia/Beirut')).toEqual({
      start: utc(2024, 2, 30, 22),
      end: utc(2024, 2, 31, 21),
      hours: 23,
    });
    expect(localDay(utc(2024, 9, 26, 21, 30), 'Asia/Beirut')).toEqual({
      start: utc(2024, 9, 25, 21),
      end: utc(2024, 9, 26, 22),
      hours: 25,
    });
  });
});

describe('startOfGrain and nextGrainStart: other grains', () => {
  it('starts ISO weeks on Monday by default and on Sunday when asked', () => {
    const sunday = utc(2024, 2, 31, 12);
    expect(startOfGrain(sunday, 'week', 'Europe/Berlin')).toBe(utc(2024, 2, 24, 23));
    expect(nextGrainStart(sunday, 'week', 'Europe/Berlin')).toBe(utc(2024, 2, 31, 22));
    expect(startOfGrain(sunday, 'week', 'Europe/Berlin', { weekStartsOn: 7 })).toBe(utc(2024, 2, 30, 23));
    expect(nextGrainStart(sunday, 'week', 'Europe/Berlin', { weekStartsOn: 7 })).toBe(utc(2024, 3, 6, 22));
  });

  it('puts an ISO week that spans New Year in one bucket', () => {
    expect(startOfGrain(utc(2025, 0, 1), 'week', 'UTC')).toBe(utc(2024, 11, 30));
    expect(nextGrainStart(utc(2024, 11, 30), 'week', 'UTC')).toBe(utc(2025, 0, 6));
  });

  it('starts months, quarters and years at local midnight', () => {
    const may = utc(2024, 4, 10, 12);
    expect(startOfGrain(may, 'month', 'Europe/Berlin')).toBe(utc(2024, 3, 30, 22));
    expect(nextGrainStart(may, 'month', 'Europe/Berlin')).toBe(utc(2024, 4, 31, 22));
    expect(startOfGrain(may, 'quarter', 'Europe/Berlin')).toBe(utc(2024, 2, 31, 22));
    expect(nextGrainStart(may, 'quarter', 'Europe/Berlin')).toBe(utc(2024, 5, 30, 22));
    expect(startOfGrain(may, 'year', 'Europe/Berlin')).toBe(utc(2023, 11, 31, 23));
    expect(nextGrainStart(may, 'year', 'Europe/Berlin')).toBe(utc(2024, 11, 31, 23));
  });

  it('aligns quarters and years to the fiscal year start month', () => {
    const march = utc(2024, 2, 15);
    expect(startOfGrain(march, 'quarter', 'UTC', { fiscalYearStartMonth: 4 })).toBe(utc(2024, 0, 1));
    expect(startOfGrain(march, 'year', 'UTC', { fiscalYearStartMonth: 4 })).toBe(utc(2023, 3, 1));
    expect(nextGrainStart(march, 'year', 'UTC', { fiscalYearStartMonth: 4 })).toBe(utc(2024, 3, 1));
    expect(startOfGrain(utc(2024, 1, 10), 'quarter', 'UTC', { fiscalYearStartMonth: 7 })).toBe(
      utc(2024, 0, 1),
    );
    expect(startOfGrain(utc(2024, 7, 10), 'quarter', 'UTC', { fiscalYearStartMonth: 7 })).toBe(
      utc(2024, 6, 1),
    );
  });

  it('keeps the repeated hour after a fall-back as its own hour bucket', () => {
    expect(startOfGrain(utc(2024, 9, 27, 0, 30), 'hour', 'Europe/Berlin')).toBe(utc(2024, 9, 27, 0));
    expect(nextGrainStart(utc(2024, 9, 27, 0, 30), 'hour', 'Europe/Berlin')).toBe(utc(2024, 9, 27, 1));
    expect(startOfGrain(utc(2024, 9, 27, 1, 30), 'hour', 'Europe/Berlin')).toBe(utc(2024, 9, 27, 1));
    expect(nextGrainStart(utc(2024, 9, 27, 0, 30), 'hour', 'Europe/Berlin')).toBe(utc(2024, 9, 27, 1));
  });

  it('aligns hours to local half hours in Asia/Kolkata', () => {
    expect(startOfGrain(utc(2024, 0, 1, 0, 10), 'hour', 'Asia/Kolkata')).toBe(utc(2023, 11, 31, 23, 30));
  });

  it('gives Australia/Lord_Howe 30-minute hour buckets at its half-hour DST changes', () => {
    expect(startOfGrain(utc(2024, 9, 5, 15, 45), 'hour', 'Australia/Lord_Howe')).toBe(
      utc(2024, 9, 5, 15, 30),
    );
    expect(nextGrainStart(utc(2024, 9, 5, 15, 45), 'hour', 'Australia/Lord_Howe')).toBe(utc(2024, 9, 5, 16));
    expect(startOfGrain(utc(2024, 3, 6, 15, 10), 'hour', 'Australia/Lord_Howe')).toBe(utc(2024, 3, 6, 15));
    expect(nextGrainStart(utc(2024, 3, 6, 15, 10), 'hour', 'Australia/Lord_Howe')).toBe(
      utc(2024, 3, 6, 15, 30),
    );
  });
});

describe('startOfGrain and nextGrainStart: input validation', () => {
  it('throws invalid_input for an unknown zone, a fractional instant or a bad option', () => {
    const attempts = [
      () => startOfGrain(0, 'day', 'Mars/Olympus'),
      () => startOfGrain(0.5, 'day', 'UTC'),
      () => nextGrainStart(maxInstant + 1, 'day', 'UTC'),
      () => startOfGrain(0, 'fortnight' as Grain, 'UTC'),
      () => startOfGrain(0, 'week', 'UTC', { weekStartsOn: 0 }),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
    }
  });
});

describe('startOfGrain and nextGrainStart: properties', () => {
  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'America/Santiago',
    'America/Havana',
    'Asia/Beirut',
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
    'Pacific/Apia',
  ];
  const grains: Grain[] = ['hour', 'day', 'week', 'month', 'quarter', 'year'];
  const longest: Record<Grain, number> = {
    hour: hour,
    day: 26 * hour,
    week: 7 * 24 * hour + 2 * hour,
    month: 31 * 24 * hour + 2 * hour,
    quarter: 92 * 24 * hour + 2 * hour,
    year: 366 * 24 * hour + 2 * hour,
  };

  it('puts every instant in a bucket that starts at or before it and ends after it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: utc(1900, 0, 1), max: utc(2100, 0, 1) }),
        fc.constantFrom(...zones),
        fc.constantFrom(...grains),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 12 }),
        (instant, timeZone, grain, weekStartsOn, fiscalYearStartMonth) => {
          const options = { weekStartsOn, fiscalYearStartMonth };
          const start = startOfGrain(instant, grain, timeZone, options);
          const end = nextGrainStart(instant, grain, timeZone, options);
          expect(start).toBeLessThanOrEqual(instant);
          expect(end).toBeGreaterThan(instant);
          expect(end - start).toBeLessThanOrEqual(longest[grain]);
          expect(startOfGrain(start, grain, timeZone, options)).toBe(start);
          expect(startOfGrain(end, grain, timeZone, options)).toBe(end);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('returns a number or throws a DyocenseError for any input', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: minInstant - 10, max: maxInstant + 10 }), fc.double()),
        fc.oneof(fc.constantFrom(...zones), fc.string()),
        fc.constantFrom(...grains),
        (instant, timeZone, grain) => {
          try {
            const start = startOfGrain(instant, grain, timeZone);
            expect(Number.isSafeInteger(start)).toBe(true);
          } catch (error) {
            expect(DyocenseError.isInstance(error)).toBe(true);
          }
        },
      ),
    );
  });
});
