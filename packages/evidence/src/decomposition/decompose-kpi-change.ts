import { DyocenseError, type FormulaNode, parseInput, parseKpiFormula } from '@dyocense/core';
import { z } from 'zod';
import { evaluateFormula, monomialExponents } from '../internal/formula/evaluate-formula.js';
import { formulaMetrics, inlineFormula } from '../internal/formula/inline-formula.js';

const value = z.number().refine(Number.isFinite, 'must be a finite number');

const inputSchema = z.object({
  /** The KPI's formula in core's syntax, e.g. `orders * average_order_value`. */
  formula: z.string().min(1),
  /**
   * Formulas of intermediate drivers, inlined to build a tree: `{ orders: 'sessions * conversion' }` makes
   * revenue = sessions × conversion × average_order_value, and orders' contribution the sum of its children's.
   */
  drivers: z.record(z.string(), z.string().min(1)).default({}),
  /** Leaf metric values in the earlier period. */
  before: z.record(z.string(), value),
  /** Leaf metric values in the later period. */
  after: z.record(z.string(), value),
  /**
   * `auto` (default): LMDI for products and quotients of positive values, Shapley otherwise. `lmdi` insists on
   * LMDI; `shapley` always averages over the 2^k orders of switching metrics from before to after.
   */
  method: z.enum(['auto', 'lmdi', 'shapley']).default('auto'),
});

/** Input of {@link decomposeKpiChange}. */
export type DecomposeKpiChangeInput = z.input<typeof inputSchema>;

/** One driver's share of the KPI change. */
export interface DriverContribution {
  readonly metric: string;
  readonly before: number;
  readonly after: number;
  /** Part of the KPI change attributed to this driver, in KPI units. Leaves sum exactly to the total change. */
  readonly contribution: number;
  /** Leaf metrics under an intermediate driver; empty for a leaf. */
  readonly children: readonly string[];
}

/** Result of {@link decomposeKpiChange}. */
export interface KpiChangeDecomposition {
  readonly before: number;
  readonly after: number;
  readonly change: number;
  readonly method: 'lmdi' | 'shapley';
  /** Leaf drivers, in order of appearance in the formula. */
  readonly contributions: readonly DriverContribution[];
  /** Intermediate drivers from `drivers`, each the sum of its leaves. */
  readonly intermediates: readonly DriverContribution[];
  /** change − Σ leaf contributions: zero up to rounding. */
  readonly residual: number;
}

const maxShapleyMetrics = 12;

function fail(message: string): DyocenseError {
  return new DyocenseError({ code: 'invalid_input', message });
}

const circular = (cycle: readonly string[]): never => {
  throw fail(`Driver formulas are circular: ${cycle.join(' → ')}`);
};

function inline(node: FormulaNode, drivers: Readonly<Record<string, FormulaNode>>, path: readonly string[]) {
  return inlineFormula(node, (metric) => drivers[metric], path, circular);
}

function evaluate(node: FormulaNode, values: ReadonlyMap<string, number>): number {
  // Mixed before/after values (Shapley subsets) can overflow even when both periods' KPI values are finite.
  const value = evaluateFormula(node, (metric) => values.get(metric) as number);
  if (value === null) {
    throw fail(
      'The KPI formula divides by zero or overflows for these values: its change cannot be attributed',
    );
  }
  return value;
}

/** Appends the distinct metric ids of `node` to `into`, left to right. */
/**
 * ln(a/b) for positive a, b, accurate both when a ≈ b (log1p of the exact relative difference; ln a − ln b would
 * cancel) and when a ≪ b (the ratio itself; 1 + (a − b)/b would lose the digits of a).
 */
function logRatio(a: number, b: number): number {
  const relative = (a - b) / b;
  return Math.abs(relative) < 0.5 ? Math.log1p(relative) : Math.log(a / b);
}

/** Logarithmic mean L(a, b) = (a − b)/(ln a − ln b), with L(a, a) = a. */
function logarithmicMean(a: number, b: number): number {
  if (a === b) return a;
  return (a - b) / logRatio(a, b);
}

/**
 * Attributes the change of a KPI between two periods to its drivers, exactly: contributions sum to the change.
 *
 * The formula is parsed by core's KPI parser; `drivers` nests further formulas (a driver tree). Products and
 * quotients of positive values use LMDI (contribution = L(Y₁, Y₀)·e·ln(x₁/x₀), order-independent); anything
 * else uses Shapley values over the leaf metrics (the average effect of switching each metric from before to
 * after over all switching orders), exact for any formula of up to 12 metrics.
 *
 * @throws DyocenseError `invalid_input` for a formula syntax error, a metric without values, a division by
 * zero, circular drivers, LMDI requested on a non-monomial or non-positive case, or more than 12 metrics for
 * Shapley.
 * @example
 * decomposeKpiChange({
 *   formula: 'orders * average_order_value',
 *   before: { orders: 1000, average_order_value: 50 },
 *   after: { orders: 1100, average_order_value: 48 },
 * }).contributions; // orders ≈ +4,880, average_order_value ≈ −2,080; sum = +2,800
 */
export function decomposeKpiChange(input: DecomposeKpiChangeInput): KpiChangeDecomposition {
  const options = parseInput(inputSchema, input, 'KPI change decomposition input');
  const parsedDrivers = Object.fromEntries(
    Object.entries(options.drivers).map(([metric, formula]) => [metric, parseKpiFormula(formula).root]),
  );
  const root = inline(parseKpiFormula(options.formula).root, parsedDrivers, []);
  const leaves = formulaMetrics(root);
  for (const metric of leaves) {
    for (const period of ['before', 'after'] as const) {
      if (options[period][metric] === undefined)
        throw fail(`No ${period} value for metric ${metric} used by the formula`);
    }
  }
  const valuesAt = (switched: ReadonlySet<string>) =>
    new Map(
      leaves.map((metric) => [
        metric,
        (switched.has(metric) ? options.after : options.before)[metric] as number,
      ]),
    );
  const before = evaluate(root, valuesAt(new Set()));
  const after = evaluate(root, valuesAt(new Set(leaves)));
  const change = after - before;
  if (!Number.isFinite(before) || !Number.isFinite(after)) throw fail('The KPI overflows for these values');

  const exponents = monomialExponents(root);
  const monomial = exponents !== undefined;
  const positive = leaves.every(
    (metric) => (options.before[metric] as number) > 0 && (options.after[metric] as number) > 0,
  );
  // Positive metrics can still give a KPI that underflows to 0 (subnormal inputs), where ln(KPI) is undefined.
  const lmdiApplies = monomial && positive && before > 0 && after > 0;
  const useLmdi = options.method === 'lmdi' || (options.method === 'auto' && lmdiApplies);
  if (options.method === 'lmdi' && !lmdiApplies) {
    throw fail(
      'LMDI needs a product or quotient of metrics with positive values in both periods; use shapley',
    );
  }
  const contributionOf = new Map<string, number>();
  if (useLmdi) {
    const weight = logarithmicMean(after, before);
    for (const metric of leaves) {
      const ratio = logRatio(options.after[metric] as number, options.before[metric] as number);
      contributionOf.set(metric, weight * (exponents?.get(metric) ?? 0) * ratio);
    }
  } else {
    if (leaves.length > maxShapleyMetrics) {
      throw fail(
        `Shapley attribution over ${leaves.length} metrics is too expensive; at most ${maxShapleyMetrics}`,
      );
    }
    const k = leaves.length;
    const factorial = [1];
    for (let i = 1; i <= k; i++) factorial.push((factorial[i - 1] as number) * i);
    const subsetCache = new Map<number, number>();
    const subsetValue = (mask: number): number => {
      let cached = subsetCache.get(mask);
      if (cached === undefined) {
        cached = evaluate(root, valuesAt(new Set(leaves.filter((_, index) => (mask >> index) & 1))));
        subsetCache.set(mask, cached);
      }
      return cached;
    };
    leaves.forEach((metric, index) => {
      let total = 0;
      for (let mask = 0; mask < 1 << k; mask++) {
        if ((mask >> index) & 1) continue;
        let size = 0;
        for (let bits = mask; bits > 0; bits >>= 1) size += bits & 1;
        const weight =
          ((factorial[size] as number) * (factorial[k - size - 1] as number)) / (factorial[k] as number);
        total += weight * (subsetValue(mask | (1 << index)) - subsetValue(mask));
      }
      contributionOf.set(metric, total);
    });
  }
  const contributions = leaves.map((metric) => ({
    metric,
    before: options.before[metric] as number,
    after: options.after[metric] as number,
    contribution: contributionOf.get(metric) as number,
    children: [],
  }));
  const intermediates = Object.entries(parsedDrivers).flatMap(([metric, node]) => {
    const inlined = inline(node, parsedDrivers, [metric]);
    const children = formulaMetrics(inlined);
    // A driver the KPI formula does not use has no share of its change.
    if (!children.every((child) => contributionOf.has(child))) return [];
    return [
      {
        metric,
        before: evaluate(inlined, valuesAt(new Set())),
        after: evaluate(inlined, valuesAt(new Set(leaves))),
        contribution: children.reduce((sum, child) => sum + (contributionOf.get(child) as number), 0),
        children,
      },
    ];
  });
  const residual = change - contributions.reduce((sum, entry) => sum + entry.contribution, 0);
  return {
    before,
    after,
    change,
    method: useLmdi ? 'lmdi' : 'shapley',
    contributions,
    intermediates,
    residual,
  };
}
