import { parseInput } from '@dyocense/core';
import { z } from 'zod';

/** Multiple-testing corrections: Benjamini–Hochberg (false discovery rate), Holm and Bonferroni (family-wise). */
export const adjustmentMethods = ['bh', 'holm', 'bonferroni', 'none'] as const;

/** One of {@link adjustmentMethods}. */
export type AdjustmentMethod = (typeof adjustmentMethods)[number];

const probability = z
  .number()
  .refine((value) => !Number.isNaN(value), 'must not be NaN')
  .refine((value) => value >= 0 && value <= 1, 'must be a probability in [0, 1]');

const inputSchema = z.object({
  pValues: z.array(probability),
  method: z.enum(adjustmentMethods).default('bh'),
});

/** Adjusts already-validated p-values; internal callers use this to skip re-validation. */
export function adjustValidated(pValues: readonly number[], method: AdjustmentMethod): number[] {
  const m = pValues.length;
  if (method === 'none') return [...pValues];
  if (method === 'bonferroni') return pValues.map((p) => Math.min(1, p * m));
  const order = pValues
    .map((_, index) => index)
    .sort((a, b) => (pValues[a] as number) - (pValues[b] as number));
  const adjusted = new Array<number>(m);
  if (method === 'bh') {
    // Step-up: the running minimum from the largest p-value down (statsmodels `fdr_bh`, R `p.adjust("BH")`).
    let running = 1;
    for (let rank = m; rank >= 1; rank--) {
      const index = order[rank - 1] as number;
      running = Math.min(running, (pValues[index] as number) / (rank / m));
      adjusted[index] = running;
    }
    return adjusted;
  }
  // Holm's step-down: the running maximum of (m − rank + 1)·p from the smallest p-value up.
  let running = 0;
  for (let rank = 1; rank <= m; rank++) {
    const index = order[rank - 1] as number;
    running = Math.max(running, Math.min(1, (pValues[index] as number) * (m - rank + 1)));
    adjusted[index] = running;
  }
  return adjusted;
}

/**
 * Adjusts a family of p-values for multiple testing, in the input order.
 *
 * `bh` (default) controls the false discovery rate; `holm` and `bonferroni` the family-wise error rate (Holm is
 * uniformly more powerful); `none` returns the raw values. Equal to statsmodels `multipletests` (`fdr_bh`, `holm`,
 * `bonferroni`).
 *
 * @throws DyocenseError `invalid_input` when a value is NaN or outside [0, 1].
 * @example
 * adjustPValues({ pValues: [0.01, 0.04, 0.03], method: 'bh' }); // [0.03, 0.04, 0.04]
 */
export function adjustPValues(input: { pValues: readonly number[]; method?: AdjustmentMethod }): number[] {
  const { pValues, method } = parseInput(inputSchema, input, 'p-value adjustment input');
  return adjustValidated(pValues, method);
}
