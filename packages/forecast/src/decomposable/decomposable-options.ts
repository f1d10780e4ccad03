import { z } from 'zod';

const mode = z.enum(['additive', 'multiplicative']);
const positive = z.number().finite().positive();
const autoOrder = z.union([z.literal('auto'), z.boolean(), z.number().int().min(1).max(100)]);
const holidayType = z.enum(['public', 'bank', 'optional', 'school', 'observance']);
const eventDate = z.union([
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a YYYY-MM-DD date'),
  z.number().finite(),
]);

/** Validates the options of {@link fitDecomposable}; defaults follow Prophet's. */
export const decomposableOptionsSchema = z
  .object({
    /** Trend shape: piecewise linear (default), piecewise logistic saturating at `cap`, or flat. */
    growth: z.enum(['linear', 'logistic', 'flat']).default('linear'),
    /** Carrying capacity for `logistic` growth, in the units of the values; required there. */
    cap: z.number().finite().optional(),
    /** Saturating minimum for `logistic` growth. Default 0. */
    floor: z.number().finite().optional(),
    /** Explicit changepoint timestamps (epoch ms) within the history; replaces the automatic candidates. */
    changepoints: z.array(z.number().finite()).optional(),
    /** Number of automatic changepoint candidates. Default 25. */
    changepointCount: z.number().int().min(0).max(500).default(25),
    /** Share of the history (from its start) in which automatic candidates are placed. Default 0.8. */
    changepointRange: z.number().gt(0).max(1).default(0.8),
    /** Scale of the Laplace prior on rate changes (an L1 penalty `1/scale` on them). Default 0.05. */
    changepointPriorScale: positive.default(0.05),
    /** Yearly seasonality (period 365.25 days): `'auto'` (on with 2+ years of history), on/off, or a Fourier order (default 10). */
    yearlySeasonality: autoOrder.default('auto'),
    /** Weekly seasonality: `'auto'` (on with 2+ weeks of sub-weekly data), on/off, or a Fourier order (default 3). */
    weeklySeasonality: autoOrder.default('auto'),
    /** Daily seasonality: `'auto'` (on with 2+ days of sub-daily data), on/off, or a Fourier order (default 4). */
    dailySeasonality: autoOrder.default('auto'),
    /** Extra seasonalities, e.g. `{ name: 'monthly', periodDays: 30.5, fourierOrder: 5 }`. */
    seasonalities: z
      .array(
        z.object({
          name: z.string().min(1),
          periodDays: positive,
          fourierOrder: z.number().int().min(1).max(100),
          mode: mode.optional(),
          priorScale: positive.optional(),
        }),
      )
      .default([]),
    /** Default mode of seasonalities, holidays and regressors. Default `additive`. */
    seasonalityMode: mode.default('additive'),
    /** Standard deviation of the Gaussian prior on Fourier coefficients (ridge). Default 10. */
    seasonalityPriorScale: positive.default(10),
    /** Country holidays from the bundled holiday data. */
    holidays: z
      .object({
        /** ISO 3166-1 alpha-2 code, e.g. `GB`. */
        country: z.string().min(2),
        state: z.string().min(1).optional(),
        region: z.string().min(1).optional(),
        /** Holiday types to include. Default public and bank holidays. */
        types: z.array(holidayType).min(1).optional(),
        /** Days before each holiday that get their own effect (0 or negative). Default 0. */
        lowerWindow: z.number().int().min(-366).max(0).default(0),
        /** Days after each holiday that get their own effect (0 or positive). Default 0. */
        upperWindow: z.number().int().min(0).max(366).default(0),
        priorScale: positive.optional(),
        mode: mode.optional(),
      })
      .optional(),
    /** User events (promotions, launches, closures) with their past and future dates. */
    events: z
      .array(
        z.object({
          name: z.string().min(1),
          /** `YYYY-MM-DD` dates or epoch ms (the UTC day counts), history and future alike. */
          dates: z.array(eventDate).min(1),
          lowerWindow: z.number().int().min(-366).max(0).default(0),
          upperWindow: z.number().int().min(0).max(366).default(0),
          priorScale: positive.optional(),
          mode: mode.optional(),
        }),
      )
      .default([]),
    /** Standard deviation of the Gaussian prior on holiday and event effects (ridge). Default 10. */
    holidaysPriorScale: positive.default(10),
    /** Extra regressors with one value per history timestamp; future values are passed to `forecast`. */
    regressors: z
      .array(
        z.object({
          name: z.string().min(1),
          values: z.array(z.number().finite()),
          mode: mode.optional(),
          /** Default 10. */
          priorScale: positive.optional(),
          /** Centre and scale before fitting: `'auto'` (default) does so unless the values are only 0 and 1. */
          standardize: z.union([z.literal('auto'), z.boolean()]).default('auto'),
        }),
      )
      .default([]),
    /** Spacing of future timestamps in ms; inferred from the history when absent (calendar months if monthly). */
    stepMs: positive.optional(),
    /** Simulated paths for the intervals. Default 1000. */
    uncertaintySamples: z.number().int().min(20).max(100_000).default(1000),
    /** Seed of the simulation (intervals are deterministic for a seed). Default 1. */
    seed: z.number().int().default(1),
  })
  .strict();

/** Options of {@link fitDecomposable} as the caller writes them. */
export type DecomposableOptions = z.input<typeof decomposableOptionsSchema>;
/** Options of {@link fitDecomposable} with defaults applied. */
export type ResolvedDecomposableOptions = z.output<typeof decomposableOptionsSchema>;
/** Whether a component adds to the trend or scales it. */
export type ComponentMode = z.output<typeof mode>;
