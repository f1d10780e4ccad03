import { createNormalSource } from '../../internal/create-normal-source.js';

/**
 * Simulated daily sales with known structure, generated here (no external source):
 * y_t = c + φ₁ y_{t-1} + φ₂ y_{t-2} + γ_{weekday(t)} + β promo_t + ε_t, ε_t ~ N(0, σ²), promo_t a 0/1 flag on
 * about 15% of days. Starts on Monday 2 January 2023 (UTC) after a 203-day (29-week) burn-in.
 */
export const promoSeriesTruth = {
  constant: 20,
  ar1: 0.5,
  ar2: 0.2,
  /** Monday..Sunday. */
  weekday: [0, 3, 5, 2, 8, 15, -5],
  promo: 10,
  sigma: 2,
} as const;

const dayMilliseconds = 86_400_000;

/** A simulated series of `length` days: timestamps, values and the promotion flag. */
export function simulatePromoSeries(
  length: number,
  seed: number,
): { timestamps: number[]; values: number[]; promo: number[] } {
  const normal = createNormalSource(seed);
  const truth = promoSeriesTruth;
  const burnIn = 203;
  const start = Date.UTC(2023, 0, 2) - burnIn * dayMilliseconds;
  const timestamps: number[] = [];
  const values: number[] = [];
  const promo: number[] = [];
  let previous = truth.constant / (1 - truth.ar1 - truth.ar2);
  let beforePrevious = previous;
  for (let index = 0; index < burnIn + length; index++) {
    const flag = normal.next() > 1.0364 ? 1 : 0;
    const weekday = index % 7;
    const value =
      truth.constant +
      truth.ar1 * previous +
      truth.ar2 * beforePrevious +
      (truth.weekday[weekday] as number) +
      truth.promo * flag +
      truth.sigma * normal.next();
    beforePrevious = previous;
    previous = value;
    if (index >= burnIn) {
      timestamps.push(start + index * dayMilliseconds);
      values.push(value);
      promo.push(flag);
    }
  }
  return { timestamps, values, promo };
}
