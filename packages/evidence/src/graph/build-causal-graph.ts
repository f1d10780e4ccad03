import { DyocenseError, type FormulaNode, parseInput, parseKpiFormula } from '@dyocense/core';
import { z } from 'zod';
import { type GrangerResult, grangerCausality } from '../granger/granger-causality.js';
import { datesSchema, wideSeriesSchema } from '../internal/series-input.js';
import { adjustmentMethods } from '../multiple-testing/adjust-p-values.js';

/** Where an edge comes from, weakest claim first. */
export const edgeEvidence = ['precedes', 'structural', 'user'] as const;

const edgeSchema = z.object({
  source: z.string().min(1),
  target: z.string().min(1),
  /** Lag in periods (0 = same period). Default 0 for required edges. */
  lag: z.number().int().min(0).max(365).optional(),
  /** Known direction of the effect, when the user knows it. */
  sign: z.union([z.literal(-1), z.literal(0), z.literal(1)]).optional(),
});

const inputSchema = z.object({
  /** One equally spaced series per metric, aligned on the same dates. */
  series: wideSeriesSchema,
  dates: datesSchema.optional(),
  /** Largest Granger lag. Default 7. */
  maxLag: z.number().int().min(1).max(60).default(7),
  /** Significance level for the adjusted conditional p-values. Default 0.05. */
  alpha: z.number().gt(0).lt(1).default(0.05),
  adjustment: z.enum(adjustmentMethods).default('bh'),
  /** `diff` (default), `auto` or `none`, as in {@link grangerCausality}. */
  transform: z.enum(['diff', 'auto', 'none']).default('diff'),
  /** Edges the user knows exist (e.g. weather → traffic the same day, which Granger cannot see). */
  required: z.array(edgeSchema).default([]),
  /** Edges the user knows do not exist (e.g. anything → weather); they are removed and listed. */
  forbidden: z.array(edgeSchema.pick({ source: true, target: true })).default([]),
  /** KPI formulas by KPI metric, e.g. `{ revenue: 'orders * average_order_value' }`: each input is a same-period parent. */
  formulas: z.record(z.string().min(1), z.string().min(1)).default({}),
});

/** Input of {@link buildCausalGraph}. */
export type CausalGraphInput = z.input<typeof inputSchema>;

/** A directed edge. */
export interface CausalEdge {
  readonly source: string;
  readonly target: string;
  /**
   * Periods between a change in the source and its effect on the target; for data edges the first lag at which
   * the pairwise Granger test rejects.
   */
  readonly lag: number;
  /** +1 when they move together, −1 when opposite, 0 unknown. */
  readonly sign: -1 | 0 | 1;
  /** Adjusted p-value of the conditional Granger test; null for structural and user edges. */
  readonly pValue: number | null;
  /** Partial R² of the source's lags in the conditional test, in [0, 1]; 1 for structural, null for user edges. */
  readonly strength: number | null;
  readonly evidence: (typeof edgeEvidence)[number];
  /** Plain wording of the claim. */
  readonly statement: string;
}

/** Result of {@link buildCausalGraph}: ready to store as JSON and to draw. */
export interface CausalGraph {
  readonly nodes: readonly string[];
  readonly edges: readonly CausalEdge[];
  /** Edges found in the data but forbidden by the user. */
  readonly removed: readonly { readonly source: string; readonly target: string; readonly reason: string }[];
  /** What was differenced and at which lag the conditional tests ran. */
  readonly granger: {
    readonly differenced: readonly string[];
    readonly summaryLag: number;
    readonly observations: number;
  };
  readonly warnings: readonly string[];
  /** The KPI formulas given, so {@link estimateWhatIf} can evaluate formula metrics exactly. */
  readonly formulas: Readonly<Record<string, string>>;
}

/** Sign of ∂formula/∂metric for each metric, assuming positive metric values; 0 when it depends on values. */
function formulaSigns(node: FormulaNode, sign: 1 | -1, signs: Map<string, -1 | 0 | 1>): void {
  const record = (metric: string, value: -1 | 1) => {
    const previous = signs.get(metric);
    signs.set(metric, previous === undefined || previous === value ? value : 0);
  };
  switch (node.kind) {
    case 'number':
      return;
    case 'metric':
      record(node.metric, sign);
      return;
    case 'negate':
      formulaSigns(node.operand, sign === 1 ? -1 : 1, signs);
      return;
    case 'binary':
      if (node.operator === '+' || node.operator === '*') {
        formulaSigns(node.left, sign, signs);
        formulaSigns(node.right, sign, signs);
      } else if (node.operator === '-') {
        formulaSigns(node.left, sign, signs);
        formulaSigns(node.right, sign === 1 ? -1 : 1, signs);
      } else {
        formulaSigns(node.left, sign, signs);
        formulaSigns(node.right, sign === 1 ? -1 : 1, signs);
      }
  }
}

/**
 * Builds a causal graph from conditional (VAR) Granger tests on differenced data, user knowledge and KPI
 * formulas. A data edge means "X helps predict Y k periods later, even given every other metric": evidence
 * level `precedes`, never a proven cause. Structural edges come from formulas (revenue = orders × average order
 * value), `user` edges from `required`. Forbidden edges are dropped whatever the data say.
 *
 * Each ordered pair gets at most one edge: user beats structural beats data.
 *
 * @throws DyocenseError `invalid_input` for edges naming unknown metrics or a metric pointing at itself, bad
 * formulas, or the Granger input errors (constant series, NaN, misaligned dates); `insufficient_data` when the
 * series are too short for `maxLag`.
 * @example
 * const graph = buildCausalGraph({ series, maxLag: 7, formulas: { revenue: 'orders * average_order_value' },
 *   required: [{ source: 'weather', target: 'traffic', lag: 0 }] });
 * graph.edges; // [{ source, target, lag, sign, pValue, strength, evidence, statement }]
 */
export function buildCausalGraph(input: CausalGraphInput): CausalGraph {
  const options = parseInput(inputSchema, input, 'causal graph input');
  const names = Object.keys(options.series);
  const nodes = new Set(names);
  const known = (name: string) => nodes.has(name) || Object.hasOwn(options.formulas, name);
  const formulaMetrics = new Map<string, Map<string, -1 | 0 | 1>>();
  for (const [kpi, text] of Object.entries(options.formulas)) {
    const formula = parseKpiFormula(text);
    const signs = new Map<string, -1 | 0 | 1>();
    formulaSigns(formula.root, 1, signs);
    formulaMetrics.set(kpi, signs);
    nodes.add(kpi);
    for (const metric of formula.metrics) nodes.add(metric);
  }
  for (const edge of [...options.required, ...options.forbidden]) {
    for (const name of [edge.source, edge.target]) {
      if (!known(name) && !nodes.has(name)) {
        throw new DyocenseError({
          code: 'invalid_input',
          message: `Edge ${edge.source} → ${edge.target} names ${name}, which is neither a series nor in a formula`,
        });
      }
    }
    if (edge.source === edge.target) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Edge ${edge.source} → ${edge.target} is a self-loop`,
      });
    }
  }
  const forbidden = new Set(options.forbidden.map((edge) => `${edge.source}→${edge.target}`));
  const edges = new Map<string, CausalEdge>();
  const removed: { source: string; target: string; reason: string }[] = [];
  const warnings: string[] = [];

  let granger: GrangerResult | undefined;
  if (names.length >= 2) {
    granger = grangerCausality({
      series: options.series,
      ...(options.dates === undefined ? {} : { dates: options.dates }),
      maxLag: options.maxLag,
      transform: options.transform,
      adjustment: options.adjustment,
      alpha: options.alpha,
    });
    warnings.push(...granger.warnings);
    // The edge's lag is the first lag at which the pairwise test rejects: the smallest-p lag drifts upwards on
    // differenced data, where every extra lag soaks up a little of the differencing's moving-average term.
    const firstLag = new Map<string, number>();
    for (const test of granger.tests) {
      const key = `${test.cause}→${test.effect}`;
      if (test.testable && test.pValue < options.alpha && !firstLag.has(key)) firstLag.set(key, test.lag);
    }
    for (const pair of granger.pairs) {
      if (!pair.significant) continue;
      const key = `${pair.cause}→${pair.effect}`;
      if (forbidden.has(key)) {
        removed.push({ source: pair.cause, target: pair.effect, reason: 'forbidden by the user' });
        continue;
      }
      const conditional = pair.conditional;
      const strength =
        conditional === undefined
          ? null
          : (conditional.fStatistic * conditional.dfNumerator) /
            (conditional.fStatistic * conditional.dfNumerator + conditional.dfDenominator);
      edges.set(key, {
        source: pair.cause,
        target: pair.effect,
        lag: firstLag.get(key) ?? pair.bestLag,
        sign: conditional?.sign ?? 0,
        pValue: conditional?.adjustedPValue ?? pair.adjustedPValue,
        strength,
        evidence: 'precedes',
        statement: pair.statement,
      });
    }
  }

  for (const [kpi, signs] of formulaMetrics) {
    for (const [metric, sign] of signs) {
      const key = `${metric}→${kpi}`;
      if (forbidden.has(key)) {
        removed.push({
          source: metric,
          target: kpi,
          reason: 'forbidden by the user although a KPI formula uses it',
        });
        continue;
      }
      edges.set(key, {
        source: metric,
        target: kpi,
        lag: 0,
        sign,
        pValue: null,
        strength: 1,
        evidence: 'structural',
        statement: `${kpi} is computed from ${metric} (formula ${options.formulas[kpi]})`,
      });
    }
  }

  for (const edge of options.required) {
    const key = `${edge.source}→${edge.target}`;
    if (forbidden.has(key)) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Edge ${edge.source} → ${edge.target} is both required and forbidden`,
      });
    }
    const found = edges.get(key);
    const lag = edge.lag ?? found?.lag ?? 0;
    edges.set(key, {
      source: edge.source,
      target: edge.target,
      lag,
      sign: edge.sign ?? found?.sign ?? 0,
      pValue: found?.pValue ?? null,
      strength: found?.strength ?? null,
      evidence: 'user',
      statement: `${edge.source} affects ${edge.target}${lag === 0 ? ' the same period' : ` ${lag} periods later`} (stated by the user)`,
    });
  }

  return {
    nodes: [...nodes],
    edges: [...edges.values()],
    removed,
    granger: {
      differenced: granger?.transform.differenced ?? [],
      summaryLag: granger?.summaryLag ?? 0,
      observations: granger?.observations ?? 0,
    },
    warnings,
    formulas: options.formulas,
  };
}
