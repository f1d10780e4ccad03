import { describe, expect, it } from 'vitest';
import { dayMonthEvidence, excelSerialToLocalMs, parseDateText } from './parse-date.js';

describe('parseDateText', () => {
  it('reads ISO dates and date-times without an offset as local wall-clock times', () => {
    expect(parseDateText('2024-03-01', 'dmy')).toEqual({
      localMs: Date.UTC(2024, 2, 1),
      offsetMinutes: undefined,
      hasTime: false,
    });
    expect(parseDateText('2024-03-01T10:20:30.5', 'dmy')?.localMs).toBe(
      Date.UTC(2024, 2, 1, 10, 20, 30, 500),
    );
  });

  it('reads Z and numeric offsets in minutes', () => {
    expect(parseDateText('2024-03-01T10:00Z', 'dmy')?.offsetMinutes).toBe(0);
    expect(parseDateText('2024-03-01 10:00:00+05:30', 'dmy')?.offsetMinutes).toBe(330);
    expect(parseDateText('2024-03-01T10:00-0800', 'dmy')?.offsetMinutes).toBe(-480);
  });

  it('reads yyyy-mm as the first of the month', () => {
    expect(parseDateText('2023-11', 'dmy')?.localMs).toBe(Date.UTC(2023, 10, 1));
  });

  it('reads slash dates in the requested order', () => {
    expect(parseDateText('03/04/2024', 'dmy')?.localMs).toBe(Date.UTC(2024, 3, 3));
    expect(parseDateText('03/04/2024', 'mdy')?.localMs).toBe(Date.UTC(2024, 2, 4));
    expect(parseDateText('3.4.2024 08:15', 'dmy')?.localMs).toBe(Date.UTC(2024, 3, 3, 8, 15));
  });

  it('rejects impossible calendar dates', () => {
    expect(parseDateText('2023-02-29', 'dmy')).toBeUndefined();
    expect(parseDateText('2024-02-29', 'dmy')?.localMs).toBe(Date.UTC(2024, 1, 29));
    expect(parseDateText('13/13/2024', 'dmy')).toBeUndefined();
    expect(parseDateText('2024-01-01T24:00', 'dmy')).toBeUndefined();
  });
});

describe('dayMonthEvidence', () => {
  it('classifies slash dates by which field exceeds 12', () => {
    expect(
      ['13/01/2024', '01/13/2024', '05/05/2024', '03/04/2024', '2024-01-13'].map(dayMonthEvidence),
    ).toEqual(['dmy', 'mdy', 'same', 'either', undefined]);
  });
});

describe('excelSerialToLocalMs', () => {
  it('maps serial 45292 to 2024-01-01 and fractions to times of day', () => {
    expect(excelSerialToLocalMs(45292)).toBe(Date.UTC(2024, 0, 1));
    expect(excelSerialToLocalMs(45292.75)).toBe(Date.UTC(2024, 0, 1, 18));
    expect(excelSerialToLocalMs(0)).toBeUndefined();
  });
});
