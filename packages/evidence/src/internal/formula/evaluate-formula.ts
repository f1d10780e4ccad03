import { DyocenseError, type FormulaNode, type KpiFormula, parseKpiFormula } from '@dyocense/core';

/** A KPI formula parsed by core's parser, with the metrics it reads. */
export interface ParsedFormula {
  readonly kpi: string;
  readonly text: string;
  readonly root: FormulaNode;
  readonly metrics: readonly string[];
}

/**
 * Parses `text` with core's KPI formula parser. Aggregations written around a metric (`sum(orders)`) are read
 * as the row's own value: formulas here are evaluated row by row or on period aggregates the caller computed.
 *
 * @throws DyocenseError `invalid_input` for a syntax error, a formula using `period_days`, or a KPI that reads itself.
 */
export function parseFormula(kpi: string, text: string): ParsedFormula {
  let formula: KpiFormula;
  try {
    formula = parseKpiFormula(text);
  } catch (error) {
    if (!DyocenseError.isInstance(error)) throw error;
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Formula of ${kpi} (${text}): ${error.message}`,
      cause: error,
    });
  }
  if (formula.metrics.includes('period_days')) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Formula of ${kpi} uses period_days, which has no per-row value here`,
    });
  }
  if (formula.metrics.includes(kpi)) {
    throw new DyocenseError({ code: 'invalid_input', message: `Formula of ${kpi} reads ${kpi} itself` });
  }
  return { kpi, text, root: formula.root, metrics: formula.metrics };
}

/**
 * Evaluates a parsed formula exactly. Returns null when it divides by zero or overflows, so callers decide how
 * to report it (never NaN or Infinity).
 */
export function evaluateFormula(node: FormulaNode, lookup: (metric: string) => number): number | null {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'metric':
      return lookup(node.metric);
    case 'negate': {
      const operand = evaluateFormula(node.operand, lookup);
      return operand === null ? null : -operand;
    }
    case 'binary': {
      const left = evaluateFormula(node.left, lookup);
      if (left === null) return null;
      const right = evaluateFormula(node.right, lookup);
      if (right === null) return null;
      if (node.operator === '/' && right === 0) return null;
      const value =
        node.operator === '+'
          ? left + right
          : node.operator === '-'
            ? left - right
            : node.operator === '*'
              ? left * right
              : left / right;
      return Number.isFinite(value) ? value : null;
    }
  }
}

/**
 * Exponent of each metric when the formula is a monomial (positive constants times metrics to integer powers,
 * through products and quotients only), else undefined.
 */
export function monomialExponents(node: FormulaNode): ReadonlyMap<string, number> | undefined {
  const exponents = new Map<string, number>();
  const collect = (part: FormulaNode, sign: 1 | -1): boolean => {
    switch (part.kind) {
      case 'number':
        return part.value > 0;
      case 'metric':
        exponents.set(part.metric, (exponents.get(part.metric) ?? 0) + sign);
        return true;
      case 'negate':
        return false;
      case 'binary':
        if (part.operator === '*') return collect(part.left, sign) && collect(part.right, sign);
        if (part.operator === '/')
          return collect(part.left, sign) && collect(part.right, sign === 1 ? -1 : 1);
        return false;
    }
  };
  return collect(node, 1) ? exponents : undefined;
}

/** True when the formula is a product or quotient of metrics and positive constants (no sums or negation). */
export function isMonomial(node: FormulaNode): boolean {
  return monomialExponents(node) !== undefined;
}
