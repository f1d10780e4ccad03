import { createNormalSource } from '../../internal/create-normal-source.js';
import type { PredictionInterval } from '../../model/fitted-model.js';
import { type Growth, trendFromPredictor } from './trend-basis.js';

/** What the simulation needs about the fit and the future steps (scaled units unless noted). */
export interface IntervalSimulation {
  readonly growth: Growth;
  readonly capScaled: number;
  /** Scaled future times (1 is the end of the history). */
  readonly times: readonly number[];
  /** Trend linear predictor at the future times from the fitted parameters. */
  readonly predictor: readonly number[];
  /** `1 + Σ multiplicative terms` and `Σ additive terms` at the future times. */
  readonly multiplier: readonly number[];
  readonly additive: readonly number[];
  /** Point forecasts, original units. */
  readonly mean: readonly number[];
  readonly scale: number;
  readonly floor: number;
  readonly sigma: number;
  /** Number of changepoints in the history, their mean absolute rate change and the smallest time step. */
  readonly changepointCount: number;
  readonly meanAbsoluteRateChange: number;
  readonly historyStep: number;
  readonly samples: number;
  readonly seed: number;
}

function quantile(sorted: Float64Array, probability: number): number {
  const position = probability * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const weight = position - below;
  return (sorted[below] ?? 0) * (1 - weight) + (sorted[above] ?? 0) * weight;
}

/**
 * Prophet's predictive intervals: each simulated path draws future trend changepoints at the historical rate
 * (`Binomial(N, min(1, S·(T − 1)/N))` of them, drawn as geometric gaps between successes, over the `N` history-sized steps to the horizon end `T`, placed
 * uniformly in `(1, T)`), each with a Laplace rate change whose scale is the mean absolute fitted change, then
 * adds Gaussian noise with the fitted σ; interval bounds are the sample quantiles per step (linear
 * interpolation), widened where needed to contain the point forecast. Uniform, exponential and Laplace draws are
 * made from the shared seeded normal source (`e^(−(Z₁²+Z₂²)/2)` is uniform, `(Z₁²+Z₂²)/2` is exponential).
 */
export function simulateIntervals(
  simulation: IntervalSimulation,
  levels: readonly number[],
): PredictionInterval[] {
  const steps = simulation.times.length;
  const normal = createNormalSource(simulation.seed);
  const exponential = (): number => {
    const first = normal.next();
    const second = normal.next();
    return 0.5 * (first * first + second * second);
  };
  const uniform = (): number => Math.exp(-exponential());
  const end = simulation.times.reduce((largest, time) => Math.max(largest, time), 1);
  const slots = end > 1 && simulation.historyStep > 0 ? Math.ceil((end - 1) / simulation.historyStep) : 0;
  const probability =
    simulation.growth === 'flat' || slots === 0
      ? 0
      : Math.min(1, (simulation.changepointCount * (end - 1)) / slots);
  const laplaceScale = simulation.meanAbsoluteRateChange + 1e-8;
  const draws = Array.from({ length: steps }, () => new Float64Array(simulation.samples));
  const changeTimes: number[] = [];
  const changeSizes: number[] = [];
  for (let sample = 0; sample < simulation.samples; sample += 1) {
    changeTimes.length = 0;
    changeSizes.length = 0;
    if (probability > 0) {
      // Bernoulli trials over the slots, jumping straight to each success (geometric gaps).
      const logFailure = probability < 1 ? Math.log1p(-probability) : Number.NEGATIVE_INFINITY;
      let slot = probability < 1 ? Math.floor(-exponential() / logFailure) : 0;
      while (slot < slots) {
        changeTimes.push(1 + uniform() * (end - 1));
        changeSizes.push(laplaceScale * (exponential() - exponential()));
        slot += 1 + (probability < 1 ? Math.floor(-exponential() / logFailure) : 0);
      }
    }
    const order = changeTimes
      .map((_, index) => index)
      .sort((left, right) => (changeTimes[left] ?? 0) - (changeTimes[right] ?? 0));
    let next = 0;
    let slopeSum = 0;
    let offsetSum = 0;
    for (let step = 0; step < steps; step += 1) {
      const time = simulation.times[step] ?? 1;
      while (next < order.length && (changeTimes[order[next] ?? 0] ?? 1) < time) {
        const index = order[next] ?? 0;
        slopeSum += changeSizes[index] ?? 0;
        offsetSum += (changeSizes[index] ?? 0) * (changeTimes[index] ?? 1);
        next += 1;
      }
      const predictor = (simulation.predictor[step] ?? 0) + slopeSum * time - offsetSum;
      const trend = trendFromPredictor(simulation.growth, predictor, simulation.capScaled);
      const scaled =
        trend * (simulation.multiplier[step] ?? 1) +
        (simulation.additive[step] ?? 0) +
        simulation.sigma * normal.next();
      (draws[step] as Float64Array)[sample] = simulation.floor + simulation.scale * scaled;
    }
  }
  for (const values of draws) values.sort();
  return levels.map((level) => {
    const tail = (1 - level / 100) / 2;
    const lower: number[] = [];
    const upper: number[] = [];
    for (let step = 0; step < steps; step += 1) {
      const sorted = draws[step] as Float64Array;
      const mean = simulation.mean[step] ?? 0;
      const low = quantile(sorted, tail);
      const high = quantile(sorted, 1 - tail);
      lower.push(Number.isFinite(low) ? Math.min(low, mean) : mean);
      upper.push(Number.isFinite(high) ? Math.max(high, mean) : mean);
    }
    return { level, lower, upper };
  });
}
