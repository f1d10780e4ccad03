import { describe, expect, it } from 'vitest';
import { createNumberParser } from './parse-number.js';

describe('createNumberParser', () => {
  const dot = createNumberParser({ decimal: '.', thousands: 'auto' });
  const comma = createNumberParser({ decimal: ',', thousands: 'auto' });

  it('reads plain numbers, signs and exponents with a dot decimal mark', () => {
    expect([dot('42'), dot('-3.5'), dot('+.25'), dot('1e3'), dot(' 7 ')]).toEqual([42, -3.5, 0.25, 1000, 7]);
  });

  it('accepts comma thousands groups only in groups of three', () => {
    expect(dot('1,234,567.5')).toBe(1234567.5);
    expect(dot('12,34')).toBeUndefined();
    expect(dot('12,x')).toBeUndefined();
  });

  it('reads decimal commas with dot or space thousands separators', () => {
    expect(comma('1.234,56')).toBe(1234.56);
    expect(comma('1 234,5')).toBe(1234.5);
    expect(comma('-0,75')).toBe(-0.75);
    expect(comma('1.5')).toBeUndefined();
  });

  it('rejects non-finite and non-numeric text', () => {
    expect([dot('Infinity'), dot('NaN'), dot('1e999'), dot(''), dot('2024-01-01')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reads no separators at all when thousands is none', () => {
    const strict = createNumberParser({ decimal: '.', thousands: 'none' });
    expect(strict('1,234')).toBeUndefined();
    expect(strict('1234.5')).toBe(1234.5);
  });
});
