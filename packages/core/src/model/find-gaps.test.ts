import { describe, expect, it } from 'vitest';
import { findGaps } from './find-gaps.js';

const utc = Date.UTC;

describe('findGaps', () => {
  it('lists missing local days in Europe/Berlin across the spring-forward day', () => {
    expect(
      findGaps([utc(2024, 2, 29, 23), utc(2024, 2, 31, 22), utc(2024, 3, 3, 22)], {
        frequency: 'day',
        timeZone: 'Europe/Berlin',
      }),
    ).toEqual([
      { after: utc(2024, 2, 29, 23), before: utc(2024, 2, 31, 22), missing: 1, weekend: true },
      { after: utc(2024, 2, 31, 22), before: utc(2024, 3, 3, 22), missing: 2, weekend: false },
    ]);
  });

  it('counts missing quarters with a step of three months', () => {
    expect(
      findGaps([utc(2023, 0, 1), utc(2023, 9, 1), utc(2024, 0, 1)], { frequency: 'month', step: 3 }),
    ).toEqual([{ after: utc(2023, 0, 1), before: utc(2023, 9, 1), missing: 2, weekend: false }]);
  });

  it('counts missing period indices and ignores intervals that are not whole steps', () => {
    expect(findGaps([10, 12, 18, 19], { frequency: 'period', step: 2 })).toEqual([
      { after: 12, before: 18, missing: 2, weekend: false },
    ]);
  });

  it('returns no gaps for a single timestamp and rejects a non-positive step', () => {
    expect(findGaps([utc(2024, 0, 1)], { frequency: 'day' })).toEqual([]);
    expect(() => findGaps([1, 2], { frequency: 'period', step: 0 })).toThrowError(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
