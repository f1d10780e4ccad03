/** In-sample criterion for choosing smoothing weights: mean squared error or Kourentzes' mean absolute rate. */
export type IntermittentCost = 'mse' | 'mar';

/**
 * The in-sample cost of one-step fits (as `tsintermittent`'s cost functions). `mse`: mean of squared one-step
 * errors. `mar` (Kourentzes 2014): sum of |f_t - r_t|, where r_t is the running mean demand rate and the first
 * 30% of r is held at its value at 30%, so the fit is judged on the demand rate rather than on the zeros.
 */
export function intermittentCost(
  values: readonly number[],
  fitted: readonly (number | null)[],
  cost: IntermittentCost,
): number {
  const n = values.length;
  if (cost === 'mse') {
    let sum = 0;
    let count = 0;
    fitted.forEach((fit, index) => {
      if (fit === null) return;
      sum += ((values[index] as number) - fit) ** 2;
      count += 1;
    });
    return count === 0 ? 0 : sum / count;
  }
  const rate: number[] = [];
  let cumulative = 0;
  values.forEach((value, index) => {
    cumulative += value;
    rate.push(cumulative / (index + 1));
  });
  const held = Math.ceil(0.3 * n);
  const heldValue = rate[held - 1] as number;
  for (let index = 0; index < held; index += 1) rate[index] = heldValue;
  let sum = 0;
  fitted.forEach((fit, index) => {
    if (fit !== null) sum += Math.abs(fit - (rate[index] as number));
  });
  return sum;
}
