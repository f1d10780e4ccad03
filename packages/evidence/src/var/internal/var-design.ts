import {
  applyQTranspose,
  type HouseholderQr,
  householderQr,
} from '../../internal/linear-algebra/householder-qr.js';

/** A VAR(lag) regression with a constant, fitted on rows `firstRow..n−1` of every series. */
export interface VarFit {
  readonly lag: number;
  readonly observations: number;
  readonly variables: number;
  readonly qr: HouseholderQr;
  /** Qᵀ Y, column-major `observations × variables`. */
  readonly rotated: Float64Array;
}

/**
 * Builds and factorises the VAR design [1, y_{t−1} (all variables), …, y_{t−lag}] in statsmodels' column order.
 * `firstRow` ≥ `lag` lets several orders share one sample, as `VAR.select_order` does.
 */
export function fitVarDesign(series: readonly Float64Array[], lag: number, firstRow: number): VarFit {
  const variables = series.length;
  const n = (series[0] as Float64Array).length;
  const observations = n - firstRow;
  const columns = 1 + variables * lag;
  const design = new Float64Array(observations * columns);
  design.fill(1, 0, observations);
  for (let l = 1; l <= lag; l++) {
    for (let v = 0; v < variables; v++) {
      const column = 1 + (l - 1) * variables + v;
      design.set((series[v] as Float64Array).subarray(firstRow - l, n - l), column * observations);
    }
  }
  const qr = householderQr(design, observations, columns);
  const rotated = new Float64Array(observations * variables);
  for (let v = 0; v < variables; v++)
    rotated.set((series[v] as Float64Array).subarray(firstRow), v * observations);
  applyQTranspose(qr, rotated, variables);
  return { lag, observations, variables, qr, rotated };
}

/**
 * Residual cross-product matrix (row-major k × k) of the model using the first `columns` design columns.
 * Rows of QᵀY from `columns` down are the rotated residuals of that nested model: later reflectors only act
 * on those rows and, being orthogonal, keep their cross-products.
 */
export function residualCrossProduct(fit: VarFit, columns: number): Float64Array {
  const k = fit.variables;
  const n = fit.observations;
  const result = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let sum = 0;
      const offsetA = a * n;
      const offsetB = b * n;
      for (let i = columns; i < n; i++)
        sum += (fit.rotated[offsetA + i] as number) * (fit.rotated[offsetB + i] as number);
      result[a * k + b] = sum;
      result[b * k + a] = sum;
    }
  }
  return result;
}
