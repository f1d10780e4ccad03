import { dayMs, floorMod, hourMs, wallTime } from './calendar.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * UTC offset of `timeZone` at `instant`, in milliseconds (local = instant + offset). Second precision, which
 * covers local-mean-time offsets such as +00:19:32. Assumes a valid zone and an instant inside the Date range.
 */
export function zoneOffset(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const formatter = formatterFor(timeZone);
  // `format` is about three times faster than `formatToParts`; the pinned locale, calendar, numbering system
  // and hour cycle make its output "M/D/Y AD, HH:MM:SS".
  const match = /^(\d+)\/(\d+)\/(\d+) (AD|BC), (\d+):(\d+):(\d+)$/.exec(formatter.format(instant));
  const fields = match ? match.slice(1) : fieldsFromParts(formatter.formatToParts(instant));
  const [month, day, year, era, hour, minute, second] = fields;
  const localSeconds = wallTime(
    era === 'BC' ? 1 - Number(year) : Number(year),
    Number(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  return localSeconds - (instant - floorMod(instant, 1000));
}

/** Month, day, year, era, hour, minute, second from `formatToParts`, for runtimes that format differently. */
function fieldsFromParts(parts: readonly Intl.DateTimeFormatPart[]): string[] {
  const value = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((part) => part.type === type)?.value ?? '0';
  return [
    value('month'),
    value('day'),
    value('year'),
    value('era'),
    value('hour'),
    value('minute'),
    value('second'),
  ];
}

/** UTC offset in milliseconds as a function of the instant, for one zone. */
export type OffsetOf = (instant: number) => number;

/** Offsets of `timeZone` straight from `Intl`. */
export function directOffsetOf(timeZone: string): OffsetOf {
  return (instant) => zoneOffset(instant, timeZone);
}

/**
 * Offsets of `timeZone` from `Intl`, remembered for each UTC hour throughout which the offset holds (up to
 * `maxHours` hours, then the memory starts afresh): for many lookups over a range not known in advance, such as
 * the dates of a file being read.
 */
export function memoizedOffsetOf(timeZone: string, maxHours = 50_000): OffsetOf {
  if (timeZone === 'UTC') return () => 0;
  const direct = directOffsetOf(timeZone);
  const byHour = new Map<number, number>();
  return (instant) => {
    const hour = Math.floor(instant / hourMs);
    const known = byHour.get(hour);
    if (known !== undefined) return known;
    const offset = direct(hour * hourMs);
    // An hour with a transition in it is not remembered: its offset depends on the instant.
    if (direct((hour + 1) * hourMs - 1) !== offset) return direct(instant);
    if (byHour.size >= maxHours) byHour.clear();
    byHour.set(hour, offset);
    return offset;
  };
}

/** Spacing of the samples in {@link offsetTableOf}; no zone changes its offset twice within it. */
const sampleSpacing = 12 * 3_600_000;

/**
 * Offsets of `timeZone` for instants between `from` and `to` from a transition table built with one `Intl` call
 * per twelve hours plus a bisection per transition; other instants go to `Intl`. Falls back to
 * {@link directOffsetOf} when the table would cost more than `budget` samples.
 */
export function offsetTableOf(timeZone: string, from: number, to: number, budget: number): OffsetOf {
  const direct = directOffsetOf(timeZone);
  if (timeZone === 'UTC') return () => 0;
  const low = from - dayMs;
  const high = to + dayMs;
  if ((high - low) / sampleSpacing > budget) return direct;
  // transitions[i] is the first instant with offsets[i + 1]; offsets[0] holds before transitions[0].
  const transitions: number[] = [];
  const offsets: number[] = [direct(low)];
  let previous = low;
  let previousOffset = offsets[0] as number;
  for (let sample = low + sampleSpacing; previous < high; sample += sampleSpacing) {
    const at = Math.min(sample, high);
    const offset = direct(at);
    if (offset !== previousOffset) {
      let before = previous;
      let after = at;
      while (after - before > 1) {
        const middle = Math.floor((before + after) / 2);
        if (direct(middle) === previousOffset) before = middle;
        else after = middle;
      }
      transitions.push(after);
      offsets.push(offset);
      previousOffset = offset;
    }
    previous = at;
  }
  return (instant) => {
    if (instant < low || instant > high) return direct(instant);
    let lowIndex = 0;
    let highIndex = transitions.length;
    while (lowIndex < highIndex) {
      const middle = (lowIndex + highIndex) >> 1;
      if ((transitions[middle] as number) <= instant) lowIndex = middle + 1;
      else highIndex = middle;
    }
    return offsets[lowIndex] as number;
  };
}
