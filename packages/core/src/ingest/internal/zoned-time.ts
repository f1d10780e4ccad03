const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();
const hourMs = 3_600_000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
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

/** Offset of `timeZone` from UTC at the instant `epochMs`, in milliseconds (local = UTC + offset). */
export function zoneOffsetMs(timeZone: string, epochMs: number): number {
  const hourKey = `${timeZone}|${Math.floor(epochMs / hourMs)}`;
  const cached = offsetCache.get(hourKey);
  if (cached !== undefined) return cached;
  const parts = formatterFor(timeZone).formatToParts(new Date(Math.floor(epochMs / 1000) * 1000));
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value ?? 0);
  const localAsUtc = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  const offset = localAsUtc - Math.floor(epochMs / 1000) * 1000;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(hourKey, offset);
  return offset;
}

/**
 * The instant at which the wall clock in `timeZone` shows `localAsUtcMs` (a local date-time encoded as if it
 * were UTC). In a DST gap the time is read with the offset before the change (02:30 becomes 03:30); in a
 * repeated hour the earlier instant wins.
 */
export function localToInstant(localAsUtcMs: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return localAsUtcMs;
  const firstOffset = zoneOffsetMs(timeZone, localAsUtcMs);
  const guess = localAsUtcMs - firstOffset;
  const secondOffset = zoneOffsetMs(timeZone, guess);
  if (secondOffset === firstOffset) {
    const earlierOffset = zoneOffsetMs(timeZone, guess - hourMs);
    // Repeated hour: the same wall time also exists one offset-change earlier.
    if (earlierOffset !== firstOffset && localAsUtcMs - earlierOffset < guess) {
      const earlier = localAsUtcMs - earlierOffset;
      if (zoneOffsetMs(timeZone, earlier) === earlierOffset) return earlier;
    }
    return guess;
  }
  // Either the offset changed between the two probes, or the wall time falls in a DST gap; in both
  // cases the offset in force before the change gives the documented reading.
  return localAsUtcMs - secondOffset;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
