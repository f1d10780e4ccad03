import type { MstlSeasonalComponent } from '../decompose-mstl.js';

/**
 * Future seasonal values for steps 1..horizon: each component's last full cycle repeated (seasonal naive),
 * summed over components, as R's `forecast.stl` does for `mstl` objects. A fractional period repeats its
 * last `⌊period⌋` values.
 */
export function seasonalContinuation(
  components: readonly MstlSeasonalComponent[],
  horizon: number,
): number[] {
  const future = new Array<number>(horizon).fill(0);
  for (const { period, values } of components) {
    const cycle = Math.trunc(period);
    const start = values.length - cycle;
    for (let step = 0; step < horizon; step += 1) {
      future[step] = (future[step] as number) + (values[start + (step % cycle)] as number);
    }
  }
  return future;
}
