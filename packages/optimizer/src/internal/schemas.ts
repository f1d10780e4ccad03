import { z } from 'zod';

/** A finite number > 0. */
export const positiveNumber = z.number().finite().positive();
/** A finite number ≥ 0. */
export const nonNegativeNumber = z.number().finite().nonnegative();
/** A probability strictly between 0 and 1 (a service level, a critical fractile). */
export const openProbability = z.number().gt(0).lt(1);
