import type { Design } from './build-features.js';
import { elasticNetPath, penaltyGrid } from './fit-elastic-net.js';

/** Number of rolling-origin folds used to choose the penalty. */
const maximumFolds = 5;

/**
 * Chooses the elastic-net penalty by time-series cross-validation: the first half of the rows (at least
 * `minimumRows`) trains, the rest is cut into up to 5 consecutive validation blocks, and each block is predicted
 * one step ahead by the path fitted on every row before it (expanding window, so no fold sees its own future).
 * The penalty with the smallest pooled squared error wins; ties go to the larger penalty (the simpler model).
 *
 * @returns the chosen penalty; 0 when no column is correlated with the target or there are too few rows to
 *   validate.
 */
export function selectPenalty(design: Design, mixing: number, minimumRows: number): number {
  const { columns, target, rowCount } = design;
  const grid = penaltyGrid({ columns, target, rowCount, mixing });
  const initial = Math.max(minimumRows, Math.ceil(rowCount / 2));
  const folds = Math.min(maximumFolds, rowCount - initial);
  if (grid.length === 1 || folds < 1) return grid[grid.length - 1] as number;
  const errors = new Float64Array(grid.length);
  for (let fold = 0; fold < folds; fold++) {
    const start = initial + Math.floor((fold * (rowCount - initial)) / folds);
    const end = initial + Math.floor(((fold + 1) * (rowCount - initial)) / folds);
    const path = elasticNetPath({ columns, target, rowCount: start, mixing }, grid);
    path.forEach((fit, index) => {
      let squares = 0;
      for (let row = start; row < end; row++) {
        let prediction = fit.intercept;
        for (let column = 0; column < columns.length; column++) {
          const coefficient = fit.coefficients[column] as number;
          if (coefficient !== 0)
            prediction += coefficient * ((columns[column] as Float64Array)[row] as number);
        }
        squares += ((target[row] as number) - prediction) ** 2;
      }
      errors[index] = (errors[index] as number) + squares;
    });
  }
  let best = 0;
  for (let index = 1; index < grid.length; index++) {
    if ((errors[index] as number) < (errors[best] as number)) best = index;
  }
  return grid[best] as number;
}
