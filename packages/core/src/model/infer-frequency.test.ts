import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DyocenseError } from '../errors/dyocense-error.js';
import { maxInstant, minInstant } from '../time/instant.js';
import { inferFrequency } from './infer-frequency.js';

const utc = Date.UTC;
const hour = 3_600_000;

function range(count: number, at: (index: number) => number): number[] {
  return Array.from({ length: count }, (_, index) => at(index));
}

describe('inferFrequency: regular calendar data', () => {
  it('recognises daily UTC data', () => {
    expect(inferFrequency(range(10, (day) => utc(2024, 0, 1 + day)))).toEqual({
      frequency: 'day',
      step: 1,
      confidence: 1,
      irregular: false,
      businessDays: false,
      gaps: [],
      timeZone: 'UTC',
    });
  });

  it('counts the 23- and 25-hour local days around DST changes as one day each', () => {
    const berlinMidnights = [
      utc(2024, 2, 29, 23),
      utc(2024, 2, 30, 23),
      utc(2024, 2, 31, 22),
      utc(2024, 3, 1, 22),
      utc(2024, 9, 25, 22),
      utc(2024, 9, 26, 22),
      utc(2024, 9, 27, 23),
    ];
    expect(inferFrequency(berlinMidnights, { timeZone: 'Europe/Berlin' })).toMatchObject({
      frequency: 'day',
      step: 1,
      confidence: 5 / 6,
      irregular: false,
      timeZone: 'Europe/Berlin',
      gaps: [{ after: utc(2024, 3, 1, 22), before: utc(2024, 9, 25, 22), missing: 206, weekend: false }],
    });
    const newYorkNoons = [utc(2024, 10, 2, 16), utc(2024, 10, 3, 17), utc(2024, 10, 4, 17)];
    expect(inferFrequency(newYorkNoons, { timeZone: 'America/New_York' })).toMatchObject({
      frequency: 'day',
      confidence: 1,
    });
  });

  it('falls back to the UTC calendar when the timestamps are UTC midnights of another zone', () => {
    const result = inferFrequency(
      range(5, (day) => utc(2024, 2, 29 + day)),
      { timeZone: 'Europe/Berlin' },
    );
    expect(result).toMatchObject({ frequency: 'day', step: 1, confidence: 1, timeZone: 'UTC' });
  });

  it('recognises months of 28 to 31 days, including month-end dates', () => {
    expect(inferFrequency(range(12, (month) => utc(2023, month, 1)))).toMatchObject({
      frequency: 'month',
      step: 1,
      confidence: 1,
    });
    expect(inferFrequency(range(6, (month) => utc(2024, month + 1, 0)))).toMatchObject({
      frequency: 'month',
      step: 1,
      confidence: 1,
      irregular: false,
    });
  });

  it('recognises quarters, years, weeks, hours and 15-minute data', () => {
    expect(inferFrequency(range(5, (quarter) => utc(2022, quarter * 3, 1)))).toMatchObject({
      frequency: 'quarter',
      step: 1,
    });
    expect(inferFrequency(range(4, (year) => utc(2020 + year, 6, 1)))).toMatchObject({
      frequency: 'year',
      step: 1,
    });
    expect(inferFrequency(range(4, (week) => utc(2024, 0, 1 + 7 * week)))).toMatchObject({
      frequency: 'week',
      step: 1,
    });
    expect(inferFrequency(range(48, (index) => utc(2024, 2, 30) + index * hour))).toMatchObject({
      frequency: 'hour',
      step: 1,
      confidence: 1,
    });
    expect(inferFrequency(range(8, (index) => index * 900_000))).toMatchObject({
      frequency: 'minute',
      step: 15,
    });
  });

  it('accepts timestamps in any order', () => {
    expect(inferFrequency([utc(2024, 2, 1), utc(2024, 0, 1), utc(2024, 1, 1)])).toMatchObject({
      frequency: 'month',
      confidence: 1,
    });
  });
});

describe('inferFrequency: gaps and irregular data', () => {
  it('reports a missing month as a gap', () => {
    expect(inferFrequency([utc(2024, 0, 1), utc(2024, 1, 1), utc(2024, 3, 1)])).toEqual({
      frequency: 'month',
      step: 1,
      confidence: 0.5,
      irregular: false,
      businessDays: false,
      gaps: [{ after: utc(2024, 1, 1), before: utc(2024, 3, 1), missing: 1, weekend: false }],
      timeZone: 'UTC',
    });
  });

  it('treats Monday-Friday data as daily with flagged weekend gaps', () => {
    const weekdays = range(14, (day) => utc(2024, 0, 1 + day)).filter(
      (instant) => new Date(instant).getUTCDay() % 6 !== 0,
    );
    expect(inferFrequency(weekdays)).toEqual({
      frequency: 'day',
      step: 1,
      confidence: 1,
      irregular: false,
      businessDays: true,
      gaps: [{ after: utc(2024, 0, 5), before: utc(2024, 0, 8), missing: 2, weekend: true }],
      timeZone: 'UTC',
    });
  });

  it('does not call data with a weekend observation business days', () => {
    const result = inferFrequency([utc(2024, 0, 5), utc(2024, 0, 8), utc(2024, 0, 9), utc(2024, 0, 13)]);
    expect(result).toMatchObject({ frequency: 'day', businessDays: false, confidence: 1 / 3 });
    expect(result.gaps).toEqual([
      { after: utc(2024, 0, 5), before: utc(2024, 0, 8), missing: 2, weekend: true },
      { after: utc(2024, 0, 9), before: utc(2024, 0, 13), missing: 3, weekend: false },
    ]);
  });

  it('flags data with an off-grid point as irregular and picks the frequency explaining most intervals', () => {
    const days = [
      utc(2024, 0, 1),
      utc(2024, 0, 2),
      utc(2024, 0, 3),
      utc(2024, 0, 3, 12),
      utc(2024, 0, 5),
      utc(2024, 0, 6),
    ];
    expect(inferFrequency(days)).toEqual({
      frequency: 'day',
      step: 1,
      confidence: 0.6,
      irregular: true,
      businessDays: false,
      gaps: [],
      timeZone: 'UTC',
    });
  });

  it('prefers the step that also explains the longer intervals as gaps', () => {
    const days = [1, 2, 4, 5, 7, 8].map((day) => utc(2024, 0, day));
    expect(inferFrequency(days)).toMatchObject({
      frequency: 'day',
      step: 1,
      confidence: 0.6,
      irregular: false,
    });
  });
});

describe('inferFrequency: period indices and errors', () => {
  it('treats small integer indices as periods', () => {
    expect(inferFrequency([1, 2, 3, 5, 6])).toEqual({
      frequency: 'period',
      step: 1,
      confidence: 0.75,
      irregular: false,
      businessDays: false,
      gaps: [{ after: 3, before: 5, missing: 1, weekend: false }],
      timeZone: 'UTC',
    });
    expect(inferFrequency([2001, 2003, 2005, 2006])).toMatchObject({
      frequency: 'period',
      step: 2,
      irregular: true,
    });
  });

  it('reports data whose intervals are not whole minutes as periods', () => {
    expect(inferFrequency([0, 90_000, 180_000, 270_000])).toMatchObject({
      frequency: 'period',
      step: 90_000,
    });
  });

  it('throws insufficient_data for fewer than two timestamps', () => {
    for (const timestamps of [[], [utc(2024, 0, 1)]]) {
      expect(() => inferFrequency(timestamps)).toThrowError(
        expect.objectContaining({ code: 'insufficient_data' }),
      );
    }
  });

  it('throws invalid_input for duplicates, non-integers and unknown zones', () => {
    expect(() => inferFrequency([5, 6, 5])).toThrowError(
      expect.objectContaining({
        code: 'invalid_input',
        message: 'Invalid timestamps: 5 appears more than once',
      }),
    );
    expect(() => inferFrequency([1, Number.NaN])).toThrowError(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(() => inferFrequency([1, 2.5])).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => inferFrequency([1, 2], { timeZone: 'Nowhere/City' })).toThrowError(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('returns a finite, well-formed result or a DyocenseError for any input', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: minInstant - 5, max: maxInstant + 5 }),
            fc.integer({ min: utc(2023, 0, 1), max: utc(2025, 0, 1) }),
            fc.integer({ min: -50, max: 50 }),
            fc.double(),
          ),
          { maxLength: 40 },
        ),
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/Santiago', 'Bad/Zone'),
        (timestamps, timeZone) => {
          try {
            const result = inferFrequency(timestamps, { timeZone });
            expect(Number.isSafeInteger(result.step) && result.step > 0).toBe(true);
            expect(result.confidence).toBeGreaterThanOrEqual(0);
            expect(result.confidence).toBeLessThanOrEqual(1);
            for (const gap of result.gaps)
              expect(Number.isSafeInteger(gap.missing) && gap.missing > 0).toBe(true);
          } catch (error) {
            expect(DyocenseError.isInstance(error)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
