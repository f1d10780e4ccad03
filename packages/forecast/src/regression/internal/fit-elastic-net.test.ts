import { describe, expect, it } from 'vitest';
import { createNormalSource } from '../../internal/create-normal-source.js';
import { elasticNetPath, fitElasticNet, penaltyGrid } from './fit-elastic-net.js';

/** Solves A x = b by Gaussian elimination with partial pivoting (small, well-conditioned test systems). */
function solve(matrix: number[][], vector: number[]): number[] {
  const size = vector.length;
  const augmented = matrix.map((row, index) => [...row, vector[index] as number]);
  for (let pivot = 0; pivot < size; pivot++) {
    let best = pivot;
    for (let row = pivot + 1; row < size; row++) {
      if (Math.abs(augmented[row]?.[pivot] as number) > Math.abs(augmented[best]?.[pivot] as number))
        best = row;
    }
    [augmented[pivot], augmented[best]] = [augmented[best] as number[], augmented[pivot] as number[]];
    const pivotRow = augmented[pivot] as number[];
    for (let row = pivot + 1; row < size; row++) {
      const current = augmented[row] as number[];
      const factor = (current[pivot] as number) / (pivotRow[pivot] as number);
      for (let column = pivot; column <= size; column++)
        current[column] = (current[column] as number) - factor * (pivotRow[column] as number);
    }
  }
  const solution = new Array<number>(size).fill(0);
  for (let row = size - 1; row >= 0; row--) {
    const current = augmented[row] as number[];
    let value = current[size] as number;
    for (let column = row + 1; column < size; column++)
      value -= (current[column] as number) * (solution[column] as number);
    solution[row] = value / (current[row] as number);
  }
  return solution;
}

function simulatedProblem(rowCount: number, seed: number) {
  const normal = createNormalSource(seed);
  const columns = [0, 1, 2].map(() => Float64Array.from({ length: rowCount }, () => normal.next()));
  const target = Float64Array.from({ length: rowCount }, (_, row) => {
    const [first, second, third] = columns.map((column) => column[row] as number) as [number, number, number];
    return 3 + 2 * first - 1 * second + 0.5 * third + 0.3 * normal.next();
  });
  return { columns, target, rowCount };
}

/** The standardised Gram matrix and correlations with the centred target, as the model defines them. */
function standardisedSystem(problem: ReturnType<typeof simulatedProblem>) {
  const { columns, target, rowCount } = problem;
  const standardise = (values: Float64Array): number[] => {
    const mean = values.reduce((total, value) => total + value, 0) / rowCount;
    const scale = Math.sqrt(values.reduce((total, value) => total + (value - mean) ** 2, 0) / rowCount);
    return Array.from(values, (value) => (value - mean) / scale);
  };
  const standardised = columns.map(standardise);
  const targetMean = target.reduce((total, value) => total + value, 0) / rowCount;
  const gram = standardised.map((left) =>
    standardised.map(
      (right) => left.reduce((total, value, row) => total + value * (right[row] as number), 0) / rowCount,
    ),
  );
  const correlations = standardised.map(
    (column) =>
      column.reduce((total, value, row) => total + value * ((target[row] as number) - targetMean), 0) /
      rowCount,
  );
  return { gram, correlations };
}

describe('fitElasticNet', () => {
  it('matches ordinary least squares with no penalty', () => {
    const problem = simulatedProblem(200, 1);
    const fit = fitElasticNet({ ...problem, mixing: 0.5 }, 0);
    const { gram, correlations } = standardisedSystem(problem);
    const expected = solve(gram, correlations);
    for (const [index, value] of expected.entries()) expect(fit.standardized[index]).toBeCloseTo(value, 5);
    expect(fit.coefficients[0]).toBeCloseTo(2, 1);
    expect(fit.intercept).toBeCloseTo(3, 1);
  });

  it('matches the closed-form ridge solution (G + λI)β = c when the mixing is 0', () => {
    const problem = simulatedProblem(150, 2);
    const lambda = 0.7;
    const fit = fitElasticNet({ ...problem, mixing: 0 }, lambda);
    const { gram, correlations } = standardisedSystem(problem);
    const penalised = gram.map((row, index) =>
      row.map((value, column) => value + (index === column ? lambda : 0)),
    );
    const expected = solve(penalised, correlations);
    for (const [index, value] of expected.entries()) expect(fit.standardized[index]).toBeCloseTo(value, 5);
  });

  it('sets every lasso coefficient to zero at the largest penalty of the grid, leaving the mean', () => {
    const problem = { ...simulatedProblem(100, 3), mixing: 1 };
    const largest = penaltyGrid(problem)[0] as number;
    const fit = fitElasticNet(problem, largest * 1.0001);
    expect(Array.from(fit.coefficients)).toEqual([0, 0, 0]);
    expect(fit.intercept).toBeCloseTo(problem.target.reduce((total, value) => total + value, 0) / 100, 10);
  });

  it('gives a zero coefficient to a column that is constant on the fitted rows', () => {
    const problem = simulatedProblem(80, 4);
    const columns = [...problem.columns, Float64Array.from({ length: 80 }, () => 5)];
    const fit = fitElasticNet({ ...problem, columns, mixing: 0.5 }, 0.01);
    expect(fit.coefficients[3]).toBe(0);
    expect(Number.isFinite(fit.intercept)).toBe(true);
  });

  it('fits only the leading rows it is given', () => {
    const problem = simulatedProblem(120, 5);
    const prefix = fitElasticNet({ ...problem, rowCount: 60, mixing: 0.5 }, 0.01);
    const truncated = fitElasticNet(
      {
        columns: problem.columns.map((column) => column.slice(0, 60)),
        target: problem.target.slice(0, 60),
        rowCount: 60,
        mixing: 0.5,
      },
      0.01,
    );
    expect(prefix).toEqual(truncated);
  });

  it('shrinks the coefficients monotonically in size along a ridge path', () => {
    const problem = { ...simulatedProblem(100, 6), mixing: 0 };
    const grid = penaltyGrid(problem);
    const norms = elasticNetPath(problem, grid).map((fit) => Math.hypot(...fit.standardized));
    for (let index = 1; index < norms.length; index++)
      expect(norms[index]).toBeGreaterThanOrEqual((norms[index - 1] as number) - 1e-9);
  });
});
