import { describe, expect, it } from 'vitest';
import { fromLocalDateParts } from './from-local-date-parts.js';

const march31 = { year: 2024, month: 3, day: 31 };
const october27 = { year: 2024, month: 10, day: 27 };

describe('fromLocalDateParts', () => {
  it('converts an ordinary local time to its instant', () => {
    expect(
      fromLocalDateParts({ year: 2024, month: 7, day: 4, hour: 9, minute: 30 }, 'America/New_York'),
    ).toBe(Date.UTC(2024, 6, 4, 13, 30));
    expect(fromLocalDateParts({ year: 50, month: 1, day: 1 }, 'UTC')).toBe(-60_589_296_000_000);
  });

  it('shifts a skipped local time forward to the end of the jump by default', () => {
    expect(fromLocalDateParts({ ...march31, hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(
      Date.UTC(2024, 2, 31, 1),
    );
  });

  it('rejects a skipped local time when asked to', () => {
    expect(() =>
      fromLocalDateParts({ ...march31, hour: 2, minute: 30 }, 'Europe/Berlin', { nonexistent: 'reject' }),
    ).toThrowError(
      expect.objectContaining({
        code: 'invalid_input',
        message: 'Local time 2024-03-31T02:30:00.000 does not exist in Europe/Berlin (clocks skip forward)',
      }),
    );
  });

  it('picks the earlier or later occurrence of a repeated local time', () => {
    const parts = { ...october27, hour: 2, minute: 30 };
    expect(fromLocalDateParts(parts, 'Europe/Berlin')).toBe(Date.UTC(2024, 9, 27, 0, 30));
    expect(fromLocalDateParts(parts, 'Europe/Berlin', { ambiguous: 'later' })).toBe(
      Date.UTC(2024, 9, 27, 1, 30),
    );
    expect(() => fromLocalDateParts(parts, 'Europe/Berlin', { ambiguous: 'reject' })).toThrowError(
      expect.objectContaining({
        code: 'invalid_input',
        details: { earlier: 1_729_989_000_000, later: 1_729_992_600_000 },
      }),
    );
  });

  it('resolves a skipped midnight in America/Santiago to 01:00 local', () => {
    expect(fromLocalDateParts({ year: 2024, month: 9, day: 8 }, 'America/Santiago')).toBe(
      Date.UTC(2024, 8, 8, 4),
    );
  });

  it('rejects impossible dates and results outside years 1-9999', () => {
    expect(() => fromLocalDateParts({ year: 2023, month: 2, day: 29 }, 'UTC')).toThrowError(
      expect.objectContaining({
        code: 'invalid_input',
        message: 'Invalid local date and time: day: is past the end of the month',
      }),
    );
    expect(() => fromLocalDateParts({ year: 10_000, month: 1, day: 1, hour: 12 }, 'UTC')).toThrowError(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
