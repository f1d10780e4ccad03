import { z } from 'zod';
import { isTimeZone } from '../time/time-zone.js';
import { frequencySchema } from './frequency.js';

const finiteNumber = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

/**
 * A time series: one value per timestamp, sorted ascending, no duplicate timestamps.
 *
 * `timestamps` are epoch milliseconds (UTC instants) for calendar frequencies, or integer period indices
 * when `frequency` is `period`. `values[i]` belongs to `timestamps[i]`; `null` marks a missing value.
 * `timeZone` is the IANA zone whose local calendar defines days, weeks and months for this series.
 */
export const timeSeriesSchema = z
  .object({
    id: z.string().min(1),
    metric: z.string().min(1).optional(),
    unit: z.string().min(1).optional(),
    frequency: frequencySchema.optional(),
    timeZone: z.string().min(1).default('UTC'),
    timestamps: z.array(z.number().int()),
    values: z.array(finiteNumber.nullable()),
  })
  .superRefine((series, context) => {
    if (series.timestamps.length !== series.values.length) {
      context.addIssue({
        code: 'custom',
        path: ['values'],
        message: `has ${series.values.length} entries but timestamps has ${series.timestamps.length}`,
      });
    }
    for (let index = 1; index < series.timestamps.length; index++) {
      const previous = series.timestamps[index - 1] as number;
      const current = series.timestamps[index] as number;
      if (current <= previous) {
        context.addIssue({
          code: 'custom',
          path: ['timestamps', index],
          message:
            current === previous
              ? 'duplicates the previous timestamp'
              : 'is earlier than the previous timestamp',
        });
        return;
      }
    }
    if (!isTimeZone(series.timeZone)) {
      context.addIssue({
        code: 'custom',
        path: ['timeZone'],
        message: `unknown IANA time zone "${series.timeZone}"`,
      });
    }
  });

/** A validated time series (see {@link timeSeriesSchema}). */
export type TimeSeries = z.output<typeof timeSeriesSchema>;
/** Input accepted where a time series is expected (`timeZone` may be omitted). */
export type TimeSeriesInput = z.input<typeof timeSeriesSchema>;
