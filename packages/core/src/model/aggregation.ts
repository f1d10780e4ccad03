import { z } from 'zod';

/**
 * How values of a metric combine within a time bucket: `sum` for flows (revenue, orders), `mean` for rates
 * and prices, `last`/`first` for stocks (inventory on hand, cash balance), `min`/`max`, `count` of points.
 */
export const aggregationSchema = z.enum(['sum', 'mean', 'min', 'max', 'first', 'last', 'count']);
/** One of {@link aggregationSchema}'s values. */
export type Aggregation = z.infer<typeof aggregationSchema>;
