import { z } from 'zod';

const knownZones = new Set<string>();

/**
 * True when `value` names an IANA time zone this runtime knows (`Europe/Berlin`, `UTC`, `Etc/GMT+5`, links such
 * as `US/Eastern`; case-insensitive as in `Intl`). Fixed offsets such as `+01:00` are not IANA names and fail.
 */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  if (knownZones.has(value)) return true;
  if (!/^[A-Za-z]/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    return false;
  }
  knownZones.add(value);
  return true;
}

/** An IANA time zone name, checked against the runtime's `Intl` data (see {@link isTimeZone}). Kept as given. */
export const timeZoneSchema = z
  .string()
  .refine(isTimeZone, { error: (issue) => `unknown IANA time zone ${JSON.stringify(issue.input)}` });
