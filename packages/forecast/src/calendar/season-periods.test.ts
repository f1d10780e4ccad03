import { describe, expect, it } from 'vitest';
import { seasonPeriods } from './season-periods.js';

describe('seasonPeriods', () => {
  it('gives the primary period of each frequency', () => {
    expect(seasonPeriods('hour')).toEqual([24]);
    expect(seasonPeriods('day')).toEqual([7]);
    expect(seasonPeriods('month')).toEqual([12]);
    expect(seasonPeriods('quarter')).toEqual([4]);
    expect(seasonPeriods('year')).toEqual([1]);
    expect(seasonPeriods('period')).toEqual([1]);
  });

  it('adds the longer periods when two cycles fit', () => {
    expect(seasonPeriods('hour', { length: 400 })).toEqual([24, 168]);
    expect(seasonPeriods('hour', { length: 300 })).toEqual([24]);
    expect(seasonPeriods('day', { length: 800 })).toEqual([7, 365.25]);
  });

  it('uses 52 for weekly data only with three years of history', () => {
    expect(seasonPeriods('week', { length: 100 })).toEqual([1]);
    expect(seasonPeriods('week', { length: 160 })).toEqual([52]);
  });

  it('divides periods by the step when the result is whole', () => {
    expect(seasonPeriods('hour', { step: 2, length: 400 })).toEqual([12, 84]);
    expect(seasonPeriods('month', { step: 5 })).toEqual([1]);
  });

  it('rejects an unknown frequency', () => {
    expect(() => seasonPeriods('fortnight' as 'day')).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
