import { describe, expect, it } from 'vitest';
import { toIsoDate } from './civil-date.js';
import { easterSunday, ukBankHolidays } from './uk-bank-holidays.js';

function datesOf(year: number): string[] {
  return ukBankHolidays(year).map((holiday) => `${toIsoDate(holiday.day)} ${holiday.name}`);
}

describe('easterSunday', () => {
  it.each([
    [1818, '1818-03-22'], // the earliest possible date
    [1943, '1943-04-25'], // the latest possible date
    [2000, '2000-04-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2038, '2038-04-25'],
  ])('puts Easter %i on %s', (year, expected) => {
    expect(toIsoDate(easterSunday(year))).toBe(expected);
  });
});

describe('ukBankHolidays', () => {
  // Expected dates from gov.uk/bank-holidays (England and Wales), without one-off proclamations.
  it('lists the 2023 holidays with the New Year substitute Monday', () => {
    expect(datesOf(2023)).toEqual([
      "2023-01-02 New Year's Day (substitute day)",
      '2023-04-07 Good Friday',
      '2023-04-10 Easter Monday',
      '2023-05-01 Early May bank holiday',
      '2023-05-29 Spring bank holiday',
      '2023-08-28 Summer bank holiday',
      '2023-12-25 Christmas Day',
      '2023-12-26 Boxing Day',
    ]);
  });

  it('moves Christmas and Boxing Day to Monday and Tuesday when Christmas is a Saturday (2021)', () => {
    expect(datesOf(2021).slice(-2)).toEqual([
      '2021-12-27 Christmas Day (substitute day)',
      '2021-12-28 Boxing Day (substitute day)',
    ]);
  });

  it('keeps Boxing Day on Monday and moves Christmas to Tuesday when Christmas is a Sunday (2022)', () => {
    expect(datesOf(2022).slice(-2)).toEqual([
      '2022-12-26 Boxing Day',
      '2022-12-27 Christmas Day (substitute day)',
    ]);
  });

  it('moves Boxing Day to Monday when Christmas is a Friday (2020)', () => {
    expect(datesOf(2020).slice(-2)).toEqual([
      '2020-12-25 Christmas Day',
      '2020-12-28 Boxing Day (substitute day)',
    ]);
  });

  it('lists the 2025 holidays', () => {
    expect(datesOf(2025).map((entry) => entry.slice(0, 10))).toEqual([
      '2025-01-01',
      '2025-04-18',
      '2025-04-21',
      '2025-05-05',
      '2025-05-26',
      '2025-08-25',
      '2025-12-25',
      '2025-12-26',
    ]);
  });
});
