import { DyocenseError } from '@dyocense/core';
import Holidays from 'date-holidays';

/** Kinds of holiday the `date-holidays` data distinguishes. */
export type HolidayType = 'public' | 'bank' | 'optional' | 'school' | 'observance';

/** One dated holiday of a country (or of a state or region within it). */
export interface CountryHoliday {
  /** English name as the holiday data gives it, e.g. `Christmas Day`, `Christmas Day (substitute day)`. */
  readonly name: string;
  /** Calendar date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Days since 1970-01-01 of that calendar date (the UTC day index of its midnight). */
  readonly day: number;
  readonly type: HolidayType;
}

/** Where and which holidays to list. */
export interface CountryHolidaysOptions {
  /** ISO 3166-2 subdivision code within the country, e.g. `SCT` for Scotland in `GB`. */
  readonly state?: string;
  /** Region code within the state, where the data has regions. */
  readonly region?: string;
  /** Holiday types to keep. Default `['public', 'bank']`. */
  readonly types?: readonly HolidayType[];
}

const millisecondsPerDay = 86_400_000;
const defaultTypes: readonly HolidayType[] = ['public', 'bank'];

/**
 * Holidays of a country from the bundled `date-holidays` data (about 200 countries; no network access, pure
 * computation, so it runs in browsers too), for every year from `fromYear` to `toYear` inclusive, sorted by date.
 *
 * @param country - ISO 3166-1 alpha-2 code, e.g. `GB`, `US`, `DE` (case-insensitive).
 * @throws DyocenseError `invalid_input` for an unknown country, state or region, or a bad year range.
 * @example
 * getCountryHolidays('GB', 2024, 2024).map((holiday) => holiday.date) // ['2024-01-01', '2024-03-29', ...]
 */
export function getCountryHolidays(
  country: string,
  fromYear: number,
  toYear: number,
  options: CountryHolidaysOptions = {},
): CountryHoliday[] {
  if (
    !Number.isInteger(fromYear) ||
    !Number.isInteger(toYear) ||
    fromYear > toYear ||
    toYear - fromYear > 1000
  ) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Holiday years must be integers with fromYear <= toYear (at most 1000 years); got ${fromYear} to ${toYear}.`,
    });
  }
  const code = typeof country === 'string' ? country.trim().toUpperCase() : '';
  const known = new Holidays().getCountries('en');
  if (!/^[A-Z]{2}$/.test(code) || known[code] === undefined) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Unknown holiday country '${String(country)}'; use an ISO 3166-1 alpha-2 code such as GB, US or DE.`,
      details: { country },
    });
  }
  const holidays = new Holidays();
  const state = options.state?.trim().toUpperCase();
  const region = options.region?.trim().toUpperCase();
  const states = holidays.getStates(code, 'en') ?? {};
  const regions = state === undefined ? {} : (holidays.getRegions(code, state, 'en') ?? {});
  if (
    (state !== undefined && states[state] === undefined) ||
    (region !== undefined && regions[region] === undefined)
  ) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Unknown holiday subdivision '${[code, state, region].filter((part) => part !== undefined).join('-')}'.`,
      details: { country: code, state, region },
    });
  }
  if (state === undefined) holidays.init(code);
  else if (region === undefined) holidays.init(code, state);
  else holidays.init(code, state, region);
  holidays.setLanguages('en');
  const types = new Set<string>(options.types ?? defaultTypes);
  const result: CountryHoliday[] = [];
  for (let year = fromYear; year <= toYear; year += 1) {
    for (const holiday of holidays.getHolidays(year, 'en')) {
      if (!types.has(holiday.type)) continue;
      const date = holiday.date.slice(0, 10);
      const day = Math.floor(Date.parse(`${date}T00:00:00Z`) / millisecondsPerDay);
      if (!Number.isFinite(day)) continue;
      result.push({ name: holiday.name, date, day, type: holiday.type });
    }
  }
  result.sort((left, right) => left.day - right.day || (left.name < right.name ? -1 : 1));
  return result;
}
