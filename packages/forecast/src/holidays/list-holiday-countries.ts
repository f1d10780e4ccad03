import Holidays from 'date-holidays';

/** A country the bundled holiday data covers. */
export interface HolidayCountry {
  /** ISO 3166-1 alpha-2 code. */
  readonly code: string;
  /** English name. */
  readonly name: string;
}

/**
 * Countries with holiday data (from `date-holidays`), sorted by code, for pickers and validation.
 *
 * @example
 * listHolidayCountries().find((country) => country.code === 'GB')?.name // 'United Kingdom'
 */
export function listHolidayCountries(): HolidayCountry[] {
  const countries = new Holidays().getCountries('en');
  return Object.keys(countries)
    .sort()
    .map((code) => ({ code, name: countries[code] ?? code }));
}
