import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { getCountryHolidays } from './get-country-holidays.js';
import { listHolidayCountries } from './list-holiday-countries.js';

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return DyocenseError.isInstance(error) ? error.code : 'not a DyocenseError';
  }
  return undefined;
}

describe('getCountryHolidays', () => {
  it('lists the 2022 GB public holidays with their substitute days', () => {
    const holidays = getCountryHolidays('GB', 2022, 2022);
    const christmas = holidays.find((holiday) => holiday.name === 'Christmas Day');
    expect(christmas?.date).toBe('2022-12-25');
    expect(christmas?.day).toBe(Date.UTC(2022, 11, 25) / 86_400_000);
    expect(holidays.map((holiday) => holiday.date)).toContain('2022-12-27');
    expect(holidays.find((holiday) => holiday.name === 'Good Friday')?.date).toBe('2022-04-15');
    expect(holidays.map((holiday) => holiday.day)).toEqual(
      [...holidays.map((holiday) => holiday.day)].sort((a, b) => a - b),
    );
  });

  it('covers every year of a range', () => {
    const holidays = getCountryHolidays('us', 2020, 2024);
    const years = new Set(
      holidays
        .filter((holiday) => holiday.name === 'Independence Day')
        .map((holiday) => holiday.date.slice(0, 4)),
    );
    expect([...years]).toEqual(['2020', '2021', '2022', '2023', '2024']);
  });

  it('adds the holidays of a subdivision', () => {
    const scotland = getCountryHolidays('GB', 2023, 2023, { state: 'SCT' });
    const england = getCountryHolidays('GB', 2023, 2023, { state: 'ENG' });
    expect(scotland.map((holiday) => holiday.date)).toContain('2023-01-02');
    expect(scotland.map((holiday) => holiday.date)).not.toEqual(england.map((holiday) => holiday.date));
  });

  it('rejects unknown countries, subdivisions and bad year ranges with invalid_input', () => {
    expect(errorCode(() => getCountryHolidays('XX', 2022, 2022))).toBe('invalid_input');
    expect(errorCode(() => getCountryHolidays('GB', 2022, 2022, { state: 'ZZZ' }))).toBe('invalid_input');
    expect(errorCode(() => getCountryHolidays('GB', 2023, 2022))).toBe('invalid_input');
    expect(errorCode(() => getCountryHolidays('GB', 2022.5, 2023))).toBe('invalid_input');
  });
});

describe('listHolidayCountries', () => {
  it('includes the United Kingdom and is sorted by code', () => {
    const countries = listHolidayCountries();
    expect(countries.find((country) => country.code === 'GB')?.name).toBe('United Kingdom');
    expect(countries.length).toBeGreaterThan(100);
    expect(countries.map((country) => country.code)).toEqual(
      [...countries.map((country) => country.code)].sort(),
    );
  });
});
