import { getCountryHolidays } from '../../holidays/get-country-holidays.js';
import type { ComponentMode, ResolvedDecomposableOptions } from '../decomposable-options.js';

const millisecondsPerDay = 86_400_000;

/** One holiday-effect column: a holiday (or event) name shifted by `offset` days within its window. */
export interface HolidayKey {
  /** Column name: the holiday name, with `+1`, `-1`, ... for days around it. */
  readonly key: string;
  readonly holiday: string;
  readonly offset: number;
  readonly mode: ComponentMode;
  readonly priorScale: number;
}

/** The UTC day index (days since 1970-01-01) of an epoch-ms timestamp or a `YYYY-MM-DD` date. */
export function toDayIndex(value: number | string): number {
  const milliseconds = typeof value === 'number' ? value : Date.parse(`${value}T00:00:00Z`);
  return Math.floor(milliseconds / millisecondsPerDay);
}

function holidayKey(holiday: string, offset: number): string {
  return offset === 0 ? holiday : `${holiday}${offset > 0 ? '+' : ''}${offset}`;
}

/**
 * Which holiday columns are active on each UTC day from `fromDay` to `toDay`: country holidays (from the holiday
 * data, for the years concerned) and user events, each spread over its window. A name used by both keeps the
 * settings it first appears with.
 */
export function holidayOccurrences(
  options: ResolvedDecomposableOptions,
  fromDay: number,
  toDay: number,
): { readonly byDay: Map<number, HolidayKey[]>; readonly keys: Map<string, HolidayKey> } {
  const byDay = new Map<number, HolidayKey[]>();
  const keys = new Map<string, HolidayKey>();
  const defaultMode = options.seasonalityMode;
  const add = (
    holiday: string,
    day: number,
    window: { lowerWindow: number; upperWindow: number; mode: ComponentMode; priorScale: number },
  ): void => {
    for (let offset = window.lowerWindow; offset <= window.upperWindow; offset += 1) {
      const target = day + offset;
      if (target < fromDay || target > toDay) continue;
      const key = holidayKey(holiday, offset);
      let entry = keys.get(key);
      if (entry === undefined) {
        entry = { key, holiday, offset, mode: window.mode, priorScale: window.priorScale };
        keys.set(key, entry);
      }
      const list = byDay.get(target);
      if (list === undefined) byDay.set(target, [entry]);
      else if (!list.includes(entry)) list.push(entry);
    }
  };
  const country = options.holidays;
  if (country !== undefined) {
    const fromYear = new Date((fromDay - country.upperWindow) * millisecondsPerDay).getUTCFullYear();
    const toYear = new Date((toDay - country.lowerWindow) * millisecondsPerDay).getUTCFullYear();
    const window = {
      lowerWindow: country.lowerWindow,
      upperWindow: country.upperWindow,
      mode: country.mode ?? defaultMode,
      priorScale: country.priorScale ?? options.holidaysPriorScale,
    };
    const holidays = getCountryHolidays(country.country, fromYear, toYear, {
      ...(country.state === undefined ? {} : { state: country.state }),
      ...(country.region === undefined ? {} : { region: country.region }),
      ...(country.types === undefined ? {} : { types: country.types }),
    });
    for (const holiday of holidays) add(holiday.name, holiday.day, window);
  }
  for (const event of options.events) {
    const window = {
      lowerWindow: event.lowerWindow,
      upperWindow: event.upperWindow,
      mode: event.mode ?? defaultMode,
      priorScale: event.priorScale ?? options.holidaysPriorScale,
    };
    for (const date of event.dates) add(event.name, toDayIndex(date), window);
  }
  return { byDay, keys };
}
