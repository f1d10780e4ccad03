import { DyocenseError } from '@dyocense/core';

/** How member forecasts are combined: the median per step, the plain mean, or a weighted mean. */
export type Combination = 'median' | 'mean' | 'weighted_mean';

function median(values: number[]): number {
  values.sort((left, right) => left - right);
  const middle = values.length >> 1;
  return values.length % 2 === 1
    ? (values[middle] as number)
    : ((values[middle - 1] as number) + (values[middle] as number)) / 2;
}

/**
 * Combines member point forecasts step by step. `weighted_mean` uses `weights` (non-negative, normalised here;
 * equal weights when omitted or all zero); `median` and `mean` ignore them. The result has the length of the
 * shortest member.
 *
 * @throws DyocenseError `invalid_input` without members, with a non-finite value, or when `weights` does not
 * have one non-negative entry per member.
 * @example
 * combineForecasts([[1, 2], [3, 4], [10, 0]], 'median'); // [3, 2]
 */
export function combineForecasts(
  members: readonly (readonly number[])[],
  combination: Combination,
  weights?: readonly number[],
): number[] {
  if (members.length === 0) {
    throw new DyocenseError({ code: 'invalid_input', message: 'an ensemble needs at least one member' });
  }
  if (
    weights !== undefined &&
    (weights.length !== members.length ||
      weights.some((weight) => !(weight >= 0) || !Number.isFinite(weight)))
  ) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `weights must be ${members.length} finite non-negative numbers, one per member`,
    });
  }
  const length = Math.min(...members.map((member) => member.length));
  const total = weights?.reduce((sum, weight) => sum + weight, 0) ?? 0;
  const normalised =
    combination === 'weighted_mean' && weights !== undefined && total > 0
      ? weights.map((weight) => weight / total)
      : members.map(() => 1 / members.length);
  const combined: number[] = [];
  for (let step = 0; step < length; step++) {
    const values = members.map((member) => member[step] as number);
    if (values.some((value) => !Number.isFinite(value))) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `member forecast ${step + 1} is not finite`,
      });
    }
    combined.push(
      combination === 'median'
        ? median(values)
        : values.reduce((sum, value, index) => sum + value * (normalised[index] as number), 0),
    );
  }
  return combined;
}
