import { type FrequencyInference, toLocalDateParts } from '@dyocense/core';
import { addPeriods } from '../../calendar/add-periods.js';

/**
 * The timestamps of the `horizon` observations after `last`, continuing the inferred frequency in its zone;
 * business-day series skip Saturdays and Sundays.
 */
export function futureTimestamps(last: number, inference: FrequencyInference, horizon: number): number[] {
  const { frequency, step, timeZone, businessDays } = inference;
  if (!businessDays) {
    return Array.from({ length: horizon }, (_, index) =>
      addPeriods(last, frequency, step, timeZone, index + 1),
    );
  }
  const timestamps: number[] = [];
  let current = last;
  while (timestamps.length < horizon) {
    current = addPeriods(current, frequency, step, timeZone, 1);
    if (toLocalDateParts(current, timeZone).weekday <= 5) timestamps.push(current);
  }
  return timestamps;
}
