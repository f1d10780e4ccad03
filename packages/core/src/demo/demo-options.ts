import { z } from 'zod';
import { isTimeZone } from '../time/time-zone.js';
import { parseIsoDate } from './internal/civil-date.js';

const earliestYear = 1900;
const latestYear = 2200;

/**
 * Options of {@link generateDemoBusiness}. Unknown keys are rejected so that a typo (`day: 30`) is an error,
 * not a silently ignored option.
 */
export const demoBusinessOptionsSchema = z.strictObject({
  /** Seed of the pseudo-random generator: an unsigned 32-bit integer. Default `1`. */
  seed: z.int().min(0).max(4_294_967_295).default(1),
  /** First day generated, a local calendar date `YYYY-MM-DD` (years 1900–2200). Default `2023-01-01`. */
  start: z
    .string()
    .default('2023-01-01')
    .refine((text) => parseIsoDate(text) !== undefined, { message: 'must be a calendar date YYYY-MM-DD' })
    .refine(
      (text) => {
        const year = Number(text.slice(0, 4));
        return year >= earliestYear && year <= latestYear;
      },
      { message: `must be a date in the years ${earliestYear}–${latestYear}` },
    ),
  /** Number of consecutive days generated, 1–3660. Default `730` (two years). */
  days: z.int().min(1).max(3660).default(730),
  /** Number of coffee shops, 1–12. Default `3` (a city-centre, a suburban and a riverside shop). */
  shops: z.int().min(1).max(12).default(3),
  /** IANA time zone whose local days the series describe. Default `Europe/London`. */
  timeZone: z
    .string()
    .default('Europe/London')
    .refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/London' }),
});

/** Options accepted by {@link generateDemoBusiness}; every field is optional. */
export type DemoBusinessOptions = z.input<typeof demoBusinessOptionsSchema>;
/** Options after defaults are applied. */
export type ResolvedDemoBusinessOptions = z.output<typeof demoBusinessOptionsSchema>;
