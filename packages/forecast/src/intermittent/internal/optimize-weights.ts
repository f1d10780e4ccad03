import { lagariasNelderMead } from '../../internal/lagarias-nelder-mead.js';

/** Minimises `cost` over two smoothing weights in [0, 1]², from (0.1, 0.1) with one restart. */
export function optimizeWeights(cost: (first: number, second: number) => number): [number, number] {
  const objective = (point: readonly number[]) => {
    const [first, second] = point as [number, number];
    if (!(first >= 0 && first <= 1 && second >= 0 && second <= 1)) return Number.POSITIVE_INFINITY;
    return cost(first, second);
  };
  const first = lagariasNelderMead(objective, [0.1, 0.1], { relativeTolerance: 1e-8 });
  const second = lagariasNelderMead(objective, first.point, { relativeTolerance: 1e-8 });
  const best = second.value <= first.value ? second : first;
  return [best.point[0] as number, best.point[1] as number];
}
