import { z } from 'zod';

/**
 * Calendar frequencies a series can have. `period` is an integer index with no calendar meaning
 * (the `ds` column held 1, 2, 3, ...).
 */
export const frequencySchema = z.enum([
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'quarter',
  'year',
  'period',
]);
/** One of {@link frequencySchema}'s values. */
export type Frequency = z.infer<typeof frequencySchema>;

/** Grains a series can be resampled to. */
export const grainSchema = z.enum(['hour', 'day', 'week', 'month', 'quarter', 'year']);
/** One of {@link grainSchema}'s values. */
export type Grain = z.infer<typeof grainSchema>;
