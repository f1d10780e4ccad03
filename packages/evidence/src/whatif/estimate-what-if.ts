import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import type { CausalGraph } from '../graph/build-causal-graph.js';
import { fSurvival } from '../internal/distributions/f-distribution.js';
import { studentTTwoSided } from '../internal/distributions/student-t-distribution.js';
import {
  evaluateFormula,
  isMonomial,
  type ParsedFormula,
  parseFormula,
} from '../internal/formula/evaluate-formula.js';
import { inverseGram } from '../internal/linear-algebra/householder-qr.js';
import { leastSquares } from '../internal/linear-algebra/least-squares.js';
import { choleskyLower, createSeededRandom, percentile } from '../internal/random/seeded-random.js';
import { assertAlignedDates, datesSchema, wideSeriesSchema } from '../internal/series-input.js';

const inputSchema = z.object({
  /** One equally spaced series per metric, aligned on the same dates. */
  series: wideSeriesSchema,
  /** Optional ISO dates: enable day-of-week terms and `fromDate`. */
  dates: datesSchema.optional(),
  /** The causal graph to follow, e.g. from {@link buildCausalGraph} (extra fields are ignored). */
  graph: z.object({
    edges: z.array(
      z.looseObject({
        source: z.string().min(1),
        target: z.string().min(1),
        lag: z.number().int().min(0).max(365).default(0),
        /** `precedes` marks a data (Granger) edge, which may be pruned when a mediator explains it. */
        evidence: z.string().optional(),
        /** Adjusted p-value of a data edge: the weakest edge of a cycle is left out. */
        pValue: z.number().nullable().optional(),
      }),
    ),
    /** KPI formulas carried by the graph ({@link buildCausalGraph} copies its `formulas`). */
    formulas: z.record(z.string().min(1), z.string().min(1)).optional(),
  }),
  /**
   * KPI formulas by metric, e.g. `{ revenue: 'orders * price' }`; default the graph's. A formula metric on the
   * path is evaluated exactly from its inputs' changes instead of being regressed (a product is not linear).
   */
  formulas: z.record(z.string().min(1), z.string().min(1)).optional(),
  /**
   * A data (`precedes`) parent that is also an ancestor of another parent is kept only if its lags still
   * help predict the child given the others (partial F test at this level). Default 0.05.
   */
  mediatedParentAlpha: z.number().gt(0).lt(1).default(0.05),
  /**
   * A positive metric whose level in the window departs from its stable model (window indicator t test at this
   * level) responds in proportion to that level: extra visits convert at the window's conversion. Default 0.05.
   */
  levelShiftAlpha: z.number().gt(0).lt(1).default(0.05),
  /**
   * The linear trend and (given dates) the day-of-week terms enter a metric's regression only when they add to its
   * parents at this level (partial F test). Default 0.05; 1 always keeps them.
   */
  deterministicAlpha: z.number().gt(0).max(1).default(0.05),
  /** The metric changed, e.g. `marketing_spend`. */
  treatment: z.string().min(1),
  /** The metric asked about, e.g. `revenue`. */
  outcome: z.string().min(1),
  /** Relative change of the treatment, e.g. 0.2 for "20% higher". */
  change: z.number().gt(-1).max(100),
  /** First row of the changed window (0-based). Give this or `fromDate`; default 0. */
  fromIndex: z.number().int().min(0).optional(),
  fromDate: z.string().optional(),
  /** End of the window (exclusive row index). Default: the end of the data. */
  toIndex: z.number().int().min(1).optional(),
  /** Each parent enters its child's regression at lags 0..max(lags, edge lag). Default 2. */
  lags: z.number().int().min(0).max(30).default(2),
  /** Interval level. Default 0.95. */
  level: z.number().gt(0.5).lt(1).default(0.95),
  /** Parametric bootstrap draws of the regression coefficients. Default 1000. */
  draws: z.number().int().min(50).max(100_000).default(1000),
  seed: z.number().int().default(1),
});

/** Input of {@link estimateWhatIf}; `graph` accepts a {@link CausalGraph} as is. */
export type WhatIfInput = Omit<z.input<typeof inputSchema>, 'graph'> & {
  readonly graph: {
    readonly edges: readonly {
      readonly source: string;
      readonly target: string;
      readonly lag?: number | undefined;
      readonly evidence?: string | undefined;
      readonly pValue?: number | null | undefined;
    }[];
    readonly formulas?: Readonly<Record<string, string>>;
  };
};

/** A metric's total change over the window under the scenario. */
export interface WhatIfDelta {
  readonly metric: string;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** Observed total over the window, for scale. */
  readonly observed: number;
}

/** Result of {@link estimateWhatIf}. */
export interface WhatIfResult {
  readonly treatment: string;
  readonly outcome: string;
  readonly change: number;
  readonly window: { readonly fromIndex: number; readonly toIndex: number; readonly fromDate?: string };
  /** Total extra treatment over the window. */
  readonly treatmentDelta: number;
  /** The outcome's total change over the window, with a bootstrap interval. */
  readonly effect: WhatIfDelta;
  /** Every metric on a path from treatment to outcome, in causal order. */
  readonly path: readonly WhatIfDelta[];
  /** One regression per metric on the path: its parents (adjusted for) and fit. */
  readonly regressions: readonly {
    readonly metric: string;
    readonly parents: readonly string[];
    readonly rSquared: number;
    /** Data parents left out because a mediator among the other parents explains them (partial F p-value). */
    readonly dropped: readonly { readonly parent: string; readonly pValue: number }[];
    /**
     * The metric's observed total in the window over what its stable model predicts there (window indicator
     * removed), the indicator's p-value, and whether effects on it were scaled by that ratio; null when the
     * window covers the whole fitted sample.
     */
    readonly windowLevel: {
      readonly ratio: number;
      readonly pValue: number;
      readonly scaled: boolean;
    } | null;
    /** Whether the linear trend and the day-of-week terms were kept (they added to the parents). */
    readonly trend: boolean;
    readonly dayOfWeek: boolean;
  }[];
  /** Metrics on the path computed exactly from their KPI formula. */
  readonly formulas: readonly { readonly metric: string; readonly formula: string }[];
  readonly assumptions: readonly string[];
  readonly warnings: readonly string[];
  readonly statement: string;
}

interface NodeModel {
  readonly kind: 'regression';
  readonly metric: string;
  readonly terms: readonly { readonly parent: string; readonly lag: number }[];
  readonly coefficients: Float64Array;
  readonly covarianceFactor: Float64Array;
  readonly rSquared: number;
  readonly residualSumOfSquares: number;
  readonly rows: number;
  readonly dropped: readonly { readonly parent: string; readonly pValue: number }[];
  readonly windowLevel: WindowLevel | null;
  readonly deterministic: Deterministic;
}

/**
 * A window indicator column in a node's regression. It keeps a level shift inside the window (a redesign that
 * lifted conversion) from bending the slopes and the trend, and measures that shift.
 */
interface WindowLevel {
  /** Column of the indicator in the design. */
  readonly column: number;
  /** Sum over the fitted window rows of every design column: the stable model's window total is Σ sums·β. */
  readonly columnSums: Float64Array;
  /** Observed total of the metric over the same rows. */
  readonly observed: number;
  /** Two-sided t-test p-value of the indicator. */
  readonly pValue: number;
  /** Effects are multiplied by observed ÷ stable total (the metric is positive and its shift significant). */
  readonly scaled: boolean;
}

/** The rows the scenario changes: [from, to). */
interface Window {
  readonly from: number;
  readonly to: number;
}

/** What every node regression shares. */
interface FitContext {
  readonly series: Readonly<Record<string, number[]>>;
  readonly dayOfWeek: readonly number[] | undefined;
  readonly window: Window;
  readonly levelShiftAlpha: number;
}

/** Which deterministic terms a node regression includes besides the intercept. */
interface Deterministic {
  readonly trend: boolean;
  readonly weekly: boolean;
}

/** p-value of the partial F test of `full` against `reduced`, a nested fit on the same rows. */
function partialFPValue(full: NodeModel, reduced: NodeModel): number {
  const q = full.coefficients.length - reduced.coefficients.length;
  const dfResidual = full.rows - full.coefficients.length;
  if (q <= 0 || dfResidual <= 0 || full.residualSumOfSquares <= 0) return 0;
  const f =
    (reduced.residualSumOfSquares - full.residualSumOfSquares) / q / (full.residualSumOfSquares / dfResidual);
  return f > 0 ? fSurvival(f, q, dfResidual) : 1;
}

interface FormulaModel {
  readonly kind: 'formula';
  readonly metric: string;
  readonly formula: ParsedFormula;
  /** The formula on the observed values, row by row. */
  readonly base: Float64Array;
  /**
   * Per-row factor applied to the formula's change: observed ÷ formula for a product or quotient (what the
   * formula leaves out, e.g. a discount factor, scales with it), 1 for sums (an additive remainder does not).
   */
  readonly scale: Float64Array;
  readonly coefficients: Float64Array;
}

/**
 * Observed ÷ stable-model total of a scaled node in the window at coefficients `beta` (1 when not scaled or when
 * a bootstrap draw makes the stable total non-positive).
 */
function windowScale(level: WindowLevel | null, beta: Float64Array): number {
  if (level === null || !level.scaled) return 1;
  let stable = 0;
  for (let j = 0; j < level.columnSums.length; j++) {
    if (j !== level.column) stable += (level.columnSums[j] as number) * (beta[j] as number);
  }
  return stable > 0 ? level.observed / stable : 1;
}

/** Observed ÷ stable-model total in the window at `beta`, whether or not effects are scaled by it. */
function stableRatio(level: WindowLevel, beta: Float64Array): number {
  return windowScale({ ...level, scaled: true }, beta);
}

function fail(message: string): DyocenseError {
  return new DyocenseError({ code: 'invalid_input', message });
}

/** Nodes reachable from `start` along `children`. */
function reachable(start: string, children: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const node = stack.pop() as string;
    for (const child of children.get(node) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        stack.push(child);
      }
    }
  }
  return seen;
}

type PathEdge = {
  source: string;
  target: string;
  lag: number;
  evidence?: string | undefined;
  pValue?: number | null | undefined;
};
type ParentLink = { parent: string; lag: number; evidence?: string | undefined };

interface LinkedGraph {
  readonly children: ReadonlyMap<string, readonly string[]>;
  readonly parents: ReadonlyMap<string, readonly ParentLink[]>;
  readonly reversed: ReadonlyMap<string, readonly string[]>;
}

function linkGraph(edges: readonly PathEdge[]): LinkedGraph {
  const children = new Map<string, string[]>();
  const parents = new Map<string, ParentLink[]>();
  for (const edge of edges) {
    children.set(edge.source, [...(children.get(edge.source) ?? []), edge.target]);
    parents.set(edge.target, [
      ...(parents.get(edge.target) ?? []),
      {
        parent: edge.source,
        lag: edge.lag,
        ...(edge.evidence === undefined ? {} : { evidence: edge.evidence }),
      },
    ]);
  }
  const reversed = new Map<string, string[]>();
  for (const [target, list] of parents)
    reversed.set(
      target,
      list.map((entry) => entry.parent),
    );
  return { children, parents, reversed };
}

/** The metrics on paths from treatment to outcome in causal order, or the ones a cycle leaves unordered. */
function causalOrder(
  graph: LinkedGraph,
  treatment: string,
  outcome: string,
): { order: string[] } | { stuck: string[] } {
  const { children, parents, reversed } = graph;
  const downstream = reachable(treatment, children);
  const upstream = reachable(outcome, reversed);
  if (!downstream.has(outcome)) {
    throw fail(
      `The graph has no path from ${treatment} to ${outcome}: by this graph the change would not affect it`,
    );
  }
  const onPath = [...downstream].filter((node) => upstream.has(node) && node !== treatment);
  // Kahn's algorithm over the path: a cycle (X ↔ Y both "precede" each other) has no causal order.
  const order: string[] = [];
  const pending = new Map(
    onPath.map((node) => [
      node,
      (parents.get(node) ?? []).filter((entry) => onPath.includes(entry.parent) && entry.parent !== node)
        .length,
    ]),
  );
  const ready = onPath.filter((node) => pending.get(node) === 0);
  while (ready.length > 0) {
    const node = ready.shift() as string;
    order.push(node);
    for (const child of children.get(node) ?? []) {
      if (!pending.has(child) || child === node) continue;
      const left = (pending.get(child) as number) - 1;
      pending.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  if (order.length < onPath.length) return { stuck: onPath.filter((node) => !order.includes(node)) };
  return { order };
}

/**
 * Answers "what would the outcome have been if the treatment had been x% higher" by a chain of regressions
 * along the causal graph: each metric on a path from treatment to outcome is regressed on all its graph parents
 * (so confounders such as weather are adjusted for) at lags 0..max(lags, edge lag), with an intercept, a linear
 * trend and, given dates, day-of-week terms. The treatment change is pushed through the chain in causal order;
 * the interval comes from a seeded parametric bootstrap of every regression's coefficients.
 *
 * Refinements that keep the chain honest:
 * - A metric with a KPI formula (revenue = orders × price) is computed exactly from its inputs' changes.
 * - A data (`precedes`) parent that reaches the metric through another parent (spend → traffic → orders, with
 *   spend also "preceding" orders) is dropped when a partial F test says it adds nothing given the others.
 * - The trend and the weekly terms are kept only when they add to the parents (partial F test at
 *   `deterministicAlpha`): orders' trend and week come through traffic, and removing them from orders removes
 *   the variation that identifies conversion.
 * - When the window covers part of the data, a window indicator keeps a shift inside it (a redesign that lifted
 *   conversion) out of the slopes. A positive metric whose window level departs significantly from its stable
 *   model (at `levelShiftAlpha`) responds in proportion to that level, with a warning: extra visits convert at
 *   the window's rate.
 * - A cycle of data edges loses its weakest edge, with a warning.
 *
 * The answer is only as good as the graph: a missing confounder edge biases it, and a naive regression of
 * outcome on treatment is never used.
 *
 * @throws DyocenseError `invalid_input` for unknown metrics, a graph metric without data on the path, no path from
 * treatment to outcome, a cycle without data edges to break it, collinear parents, a formula that divides by zero,
 * or an empty window; `insufficient_data` when a
 * regression has fewer than 10 rows more than coefficients.
 * @example
 * const answer = estimateWhatIf({ series, dates, graph, treatment: 'marketing_spend', outcome: 'revenue',
 *   change: 0.2, fromDate: '2024-10-03' });
 * answer.effect; // { estimate, lower, upper, observed }
 */
export function estimateWhatIf(input: WhatIfInput): WhatIfResult {
  const options = parseInput(inputSchema, input as z.input<typeof inputSchema>, 'what-if input');
  const names = Object.keys(options.series);
  const rows = (options.series[names[0] as string] as number[]).length;
  if (options.dates !== undefined) assertAlignedDates(options.dates, rows);
  for (const name of [options.treatment, options.outcome]) {
    if (!names.includes(name)) throw fail(`Unknown metric ${name}; series are ${names.join(', ')}`);
  }
  if (options.treatment === options.outcome) throw fail('Treatment and outcome must differ');
  let fromIndex = options.fromIndex ?? 0;
  if (options.fromDate !== undefined) {
    if (options.dates === undefined) throw fail('fromDate needs dates');
    fromIndex = options.dates.findIndex((date) => date.slice(0, 10) === options.fromDate?.slice(0, 10));
    if (fromIndex < 0) throw fail(`Date ${options.fromDate} is not among the dates`);
  }
  const toIndex = Math.min(rows, options.toIndex ?? rows);
  if (fromIndex >= toIndex) throw fail(`The window ${fromIndex}..${toIndex} is empty`);

  const formulas = new Map(
    Object.entries(options.formulas ?? options.graph.formulas ?? {}).map(([kpi, text]) => [
      kpi,
      parseFormula(kpi, text),
    ]),
  );
  // A formula metric's parents are exactly its formula's inputs, the same period: data edges into it (spend
  // "precedes" revenue) are what the formula already explains.
  const edgeList: PathEdge[] = options.graph.edges.filter((edge) => !formulas.has(edge.target));
  for (const [kpi, formula] of formulas) {
    for (const metric of formula.metrics)
      edgeList.push({ source: metric, target: kpi, lag: 0, evidence: 'structural' });
  }
  const warnings: string[] = [];
  let graph = linkGraph(edgeList);
  let ordering = causalOrder(graph, options.treatment, options.outcome);
  // Granger can find X → Y and a later Y → … → X, which has no causal order. Within such a cycle the data
  // edge with the weakest evidence (largest adjusted p-value) goes, and the answer says so.
  while ('stuck' in ordering) {
    const stuck = ordering.stuck;
    let weakest = -1;
    edgeList.forEach((edge, index) => {
      if (edge.evidence !== 'precedes' || !stuck.includes(edge.source) || !stuck.includes(edge.target))
        return;
      const best = edgeList[weakest];
      if (weakest < 0 || (edge.pValue ?? 0) > ((best as (typeof edgeList)[number]).pValue ?? 0))
        weakest = index;
    });
    const dropped = edgeList[weakest];
    if (dropped === undefined) {
      throw fail(
        `The graph has a cycle among ${stuck.join(', ')}: forbid one direction (or state the order with required edges)`,
      );
    }
    warnings.push(
      `The graph has a cycle among ${stuck.join(', ')}; its weakest data edge ${dropped.source} → ${dropped.target} (p = ${(dropped.pValue ?? 0).toPrecision(2)}) was left out`,
    );
    edgeList.splice(weakest, 1);
    graph = linkGraph(edgeList);
    ordering = causalOrder(graph, options.treatment, options.outcome);
  }
  const { parents, reversed } = graph;
  const order = ordering.order;

  const dayOfWeek = options.dates?.map((date) => new Date(`${date.slice(0, 10)}T00:00:00Z`).getUTCDay());
  const context: FitContext = {
    series: options.series,
    dayOfWeek,
    window: { from: fromIndex, to: toIndex },
    levelShiftAlpha: options.levelShiftAlpha,
  };
  const models: (NodeModel | FormulaModel)[] = order.map((metric) => {
    const formula = formulas.get(metric);
    if (formula !== undefined) return formulaModel(formula, options.series, warnings);
    const terms: { parent: string; lag: number }[] = [];
    const parentNames = [...new Set((parents.get(metric) ?? []).map((entry) => entry.parent))].filter(
      (parent) => parent !== metric,
    );
    for (const parent of parentNames) {
      if (!names.includes(parent)) {
        throw fail(
          `${metric} depends on ${parent} in the graph but there is no ${parent} series: add it or drop the edge`,
        );
      }
      const edgeLag = Math.max(
        ...(parents.get(metric) ?? []).filter((entry) => entry.parent === parent).map((entry) => entry.lag),
      );
      for (let lag = 0; lag <= Math.max(options.lags, edgeLag); lag++) terms.push({ parent, lag });
    }
    // Granger conditions on lagged values only, so X → M → Y within a day also shows up as X "preceding" Y.
    // Such a parent adds no bias when kept but competes with the mediator for the same variation, which
    // inflates the variance of the mediator's effect several-fold; it is kept only if the data say it adds
    // prediction beyond the other parents, including their same-day values.
    const mediated = parentNames.filter(
      (parent) =>
        (parents.get(metric) ?? []).every(
          (entry) => entry.parent !== parent || entry.evidence === 'precedes',
        ) && parentNames.some((other) => other !== parent && reachable(other, reversed).has(parent)),
    );
    // Trend and weekly terms guard against shared trends and weekly cycles, but a metric whose trend or week
    // comes through its parents (orders follow traffic) loses the very variation that identifies the parents'
    // effects to them. Each group is kept only when it adds to the parents (partial F test).
    const everything = { trend: true, weekly: dayOfWeek !== undefined };
    // At 1 every group is kept, even one that does not lower the residual sum of squares at all (p = 1).
    const keepBelow = options.deterministicAlpha >= 1 ? Number.POSITIVE_INFINITY : options.deterministicAlpha;
    const withAll = fitNode(metric, terms, context, everything);
    const deterministic = {
      trend:
        partialFPValue(
          withAll,
          fitNode(metric, terms, context, { ...everything, trend: false }, withAll.rows),
        ) < keepBelow,
      weekly:
        everything.weekly &&
        partialFPValue(
          withAll,
          fitNode(metric, terms, context, { ...everything, weekly: false }, withAll.rows),
        ) < keepBelow,
    };
    const full = fitNode(metric, terms, context, deterministic);
    if (mediated.length === 0) return full;
    const dropped = mediated.flatMap((parent) => {
      const kept = terms.filter((term) => term.parent !== parent);
      const pValue = partialFPValue(full, fitNode(metric, kept, context, deterministic, full.rows));
      return pValue >= options.mediatedParentAlpha ? [{ parent, pValue }] : [];
    });
    if (dropped.length === 0) return full;
    const kept = terms.filter((term) => !dropped.some((entry) => entry.parent === term.parent));
    return { ...fitNode(metric, kept, context, deterministic), dropped };
  });

  for (const model of models) {
    if (model.kind !== 'regression' || model.windowLevel?.scaled !== true) continue;
    const shift = stableRatio(model.windowLevel, model.coefficients) - 1;
    warnings.push(
      `${model.metric} ran ${Math.abs(100 * shift).toFixed(1)}% ${shift >= 0 ? 'above' : 'below'} its stable model in the window (p = ${model.windowLevel.pValue.toPrecision(2)}): its response to the change was scaled to that level`,
    );
  }

  const treatmentValues = options.series[options.treatment] as number[];
  const treatmentDelta = new Float64Array(rows);
  for (let t = fromIndex; t < toIndex; t++)
    treatmentDelta[t] = options.change * (treatmentValues[t] as number);
  const propagate = (coefficients: readonly Float64Array[]): Map<string, Float64Array> => {
    const deltas = new Map<string, Float64Array>([[options.treatment, treatmentDelta]]);
    models.forEach((model, index) => {
      if (model.kind === 'formula') {
        deltas.set(model.metric, formulaDelta(model, options.series, deltas));
        return;
      }
      const delta = new Float64Array(rows);
      const beta = coefficients[index] as Float64Array;
      model.terms.forEach((term, termIndex) => {
        const source = deltas.get(term.parent);
        if (source === undefined) return;
        const weight = beta[termIndex] as number;
        for (let t = term.lag; t < rows; t++)
          delta[t] = (delta[t] as number) + weight * (source[t - term.lag] as number);
      });
      const scale = windowScale(model.windowLevel, beta);
      if (scale !== 1) for (let t = 0; t < rows; t++) delta[t] = (delta[t] as number) * scale;
      deltas.set(model.metric, delta);
    });
    return deltas;
  };
  const windowSum = (values: Float64Array | readonly number[]) => {
    let total = 0;
    for (let t = fromIndex; t < toIndex; t++) total += values[t] as number;
    return total;
  };
  const point = propagate(models.map((model) => model.coefficients));
  const random = createSeededRandom(options.seed);
  const samples = order.map(() => new Float64Array(options.draws));
  for (let draw = 0; draw < options.draws; draw++) {
    const drawn = models.map((model) => {
      if (model.kind === 'formula') return model.coefficients;
      const m = model.coefficients.length;
      const noise = Float64Array.from({ length: m }, () => random.normal());
      const beta = Float64Array.from(model.coefficients);
      for (let i = 0; i < m; i++) {
        let sum = 0;
        for (let k = 0; k <= i; k++)
          sum += (model.covarianceFactor[i * m + k] as number) * (noise[k] as number);
        beta[i] = (beta[i] as number) + sum;
      }
      return beta;
    });
    const deltas = propagate(drawn);
    order.forEach((metric, index) => {
      (samples[index] as Float64Array)[draw] = windowSum(deltas.get(metric) as Float64Array);
    });
  }
  const tail = (1 - options.level) / 2;
  const path: WhatIfDelta[] = order.map((metric, index) => {
    const sorted = (samples[index] as Float64Array).sort();
    return {
      metric,
      estimate: windowSum(point.get(metric) as Float64Array),
      lower: percentile(sorted, tail),
      upper: percentile(sorted, 1 - tail),
      observed: windowSum(options.series[metric] as number[]),
    };
  });
  const effect = path.find((entry) => entry.metric === options.outcome) as WhatIfDelta;
  const percent = Math.round(options.level * 100);
  const changeText = `${options.change >= 0 ? '+' : ''}${(options.change * 100).toPrecision(3)}%`;
  const fromDate = options.dates?.[fromIndex];
  return {
    treatment: options.treatment,
    outcome: options.outcome,
    change: options.change,
    window: { fromIndex, toIndex, ...(fromDate === undefined ? {} : { fromDate }) },
    treatmentDelta: windowSum(treatmentDelta),
    effect,
    path,
    regressions: models.flatMap((model) =>
      model.kind === 'formula'
        ? []
        : [
            {
              metric: model.metric,
              parents: [...new Set(model.terms.map((term) => term.parent))],
              rSquared: model.rSquared,
              dropped: model.dropped,
              windowLevel:
                model.windowLevel === null
                  ? null
                  : {
                      ratio: stableRatio(model.windowLevel, model.coefficients),
                      pValue: model.windowLevel.pValue,
                      scaled: model.windowLevel.scaled,
                    },
              trend: model.deterministic.trend,
              dayOfWeek: model.deterministic.weekly,
            },
          ],
    ),
    formulas: models.flatMap((model) =>
      model.kind === 'formula' ? [{ metric: model.metric, formula: model.formula.text }] : [],
    ),
    assumptions: [
      'The causal graph is right: every confounder of a link on the path is a parent in the graph',
      'Effects are linear and stable over the data, except formula metrics, which are computed exactly',
      'A positive metric that runs above or below its stable model in the window responds in proportion to its level there (a rate such as conversion moved, not an additive one-off)',
    ],
    warnings,
    statement: `With ${options.treatment} ${changeText} over ${toIndex - fromIndex} periods, ${options.outcome} would have changed by ${effect.estimate.toPrecision(4)} in total (${percent}% interval ${effect.lower.toPrecision(4)} to ${effect.upper.toPrecision(4)}), if the causal graph is right`,
  };
}

/**
 * Regresses `metric` on its parent terms. `usedRows` fixes the sample (the last `usedRows` rows) so a nested
 * model can be compared with a larger one by an F test. When the window covers part of the sample, an indicator
 * of the window rows is added (see {@link WindowLevel}).
 */
function fitNode(
  metric: string,
  terms: readonly { parent: string; lag: number }[],
  context: FitContext,
  deterministic: Deterministic,
  usedRows?: number,
): NodeModel {
  const { series, window } = context;
  const dayOfWeek = deterministic.weekly ? context.dayOfWeek : undefined;
  const response = series[metric] as number[];
  const rows = response.length;
  const start = usedRows === undefined ? Math.max(0, ...terms.map((term) => term.lag)) : rows - usedRows;
  const n = rows - start;
  const windowRows = Math.max(0, Math.min(window.to, rows) - Math.max(window.from, start));
  const withIndicator = windowRows > 0 && windowRows < n;
  // Columns: the parent terms first (their coefficients drive the propagation), then intercept, trend and
  // day-of-week dummies, which soak up shared trends and weekly patterns that would otherwise confound, then
  // the window indicator.
  const trendColumns = deterministic.trend ? 1 : 0;
  const fixed = 1 + trendColumns + (dayOfWeek === undefined ? 0 : 6);
  const m = terms.length + fixed + (withIndicator ? 1 : 0);
  if (n < m + 10) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `Too few rows to regress ${metric} on its parents: ${n} rows for ${m} coefficients (at least ${m + 10} needed)`,
    });
  }
  const design = new Float64Array(n * m);
  terms.forEach((term, column) => {
    const values = series[term.parent] as number[];
    for (let i = 0; i < n; i++) design[column * n + i] = values[start + i - term.lag] as number;
  });
  const indicator = terms.length + fixed;
  for (let i = 0; i < n; i++) {
    design[terms.length * n + i] = 1;
    if (deterministic.trend) design[(terms.length + 1) * n + i] = (start + i) / rows;
    if (dayOfWeek !== undefined) {
      const day = dayOfWeek[start + i] as number;
      if (day > 0) design[(terms.length + trendColumns + day) * n + i] = 1;
    }
    if (withIndicator && start + i >= window.from && start + i < window.to) design[indicator * n + i] = 1;
  }
  const y = Float64Array.from(response.slice(start));
  const fit = leastSquares(design, n, m, y);
  if (fit.qr.dependentColumn >= 0) {
    const column = fit.qr.dependentColumn;
    // A window that lines up with the weekly or trend terms cannot be told apart from them: fit without it.
    if (column === indicator) {
      return fitNode(metric, terms, { ...context, window: { from: rows, to: rows } }, deterministic, n);
    }
    const label =
      column < terms.length
        ? `${terms[column]?.parent} at lag ${terms[column]?.lag}`
        : 'the trend or day-of-week terms';
    throw fail(`Cannot separate the parents of ${metric}: ${label} is collinear with the other regressors`);
  }
  const sigma2 = fit.residualSumOfSquares / (n - m);
  const covariance = inverseGram(fit.qr).map((value) => value * sigma2);
  let mean = 0;
  for (const value of y) mean += value;
  mean /= n;
  let total = 0;
  for (const value of y) total += (value - mean) ** 2;
  return {
    kind: 'regression',
    metric,
    terms,
    coefficients: fit.coefficients,
    covarianceFactor: choleskyLower(covariance, m),
    rSquared: total > 0 ? 1 - fit.residualSumOfSquares / total : 0,
    residualSumOfSquares: fit.residualSumOfSquares,
    rows: n,
    dropped: [],
    deterministic: { trend: deterministic.trend, weekly: dayOfWeek !== undefined },
    windowLevel: withIndicator
      ? windowLevel(design, y, n, m, indicator, fit.coefficients, covariance, context.levelShiftAlpha)
      : null,
  };
}

/** The window indicator's test and the window totals a scaled node needs (see {@link WindowLevel}). */
function windowLevel(
  design: Float64Array,
  y: Float64Array,
  n: number,
  m: number,
  column: number,
  coefficients: Float64Array,
  covariance: Float64Array,
  alpha: number,
): WindowLevel {
  const columnSums = new Float64Array(m);
  let observed = 0;
  let positive = true;
  for (let i = 0; i < n; i++) {
    if (design[column * n + i] !== 1) continue;
    for (let j = 0; j < m; j++) columnSums[j] = (columnSums[j] as number) + (design[j * n + i] as number);
    observed += y[i] as number;
    if (!((y[i] as number) > 0)) positive = false;
  }
  const variance = covariance[column * m + column] as number;
  const shift = coefficients[column] as number;
  const pValue = variance > 0 ? studentTTwoSided(shift / Math.sqrt(variance), n - m) : shift === 0 ? 1 : 0;
  const level: WindowLevel = { column, columnSums, observed, pValue, scaled: false };
  // A ratio of totals only means "the same response, scaled" for a metric that is positive throughout.
  const scaled = positive && pValue < alpha && windowScale({ ...level, scaled: true }, coefficients) !== 1;
  return { ...level, scaled };
}

function formulaModel(
  formula: ParsedFormula,
  series: Readonly<Record<string, number[]>>,
  warnings: string[],
): FormulaModel {
  for (const metric of formula.metrics) {
    if (series[metric] === undefined)
      throw fail(`${formula.kpi} = ${formula.text} needs a ${metric} series to be evaluated`);
  }
  const rows = (series[formula.metrics[0] as string] ?? []).length;
  const base = new Float64Array(rows);
  for (let t = 0; t < rows; t++) {
    const value = evaluateFormula(formula.root, (metric) => (series[metric] as number[])[t] as number);
    if (value === null)
      throw fail(`${formula.kpi} = ${formula.text} divides by zero or overflows at row ${t}`);
    base[t] = value;
  }
  const observed = series[formula.kpi];
  const multiplicative = isMonomial(formula.root);
  const scale = new Float64Array(rows).fill(1);
  if (observed !== undefined) {
    let gap = 0;
    let total = 0;
    for (let t = 0; t < rows; t++) {
      const value = observed[t] as number;
      gap += Math.abs(value - (base[t] as number));
      total += Math.abs(value);
      if (multiplicative && base[t] !== 0) scale[t] = value / (base[t] as number);
    }
    // The formula drives the answer; say so when it does not reproduce the metric's own data.
    if (total > 0 && gap / total > 0.05) {
      warnings.push(
        `${formula.kpi} = ${formula.text} differs from the ${formula.kpi} data by ${((100 * gap) / total).toFixed(1)}% on average; the difference is treated as ${multiplicative ? 'a factor that scales with the formula' : 'a remainder the scenario does not change'}: check the formula`,
      );
    }
  }
  return { kind: 'formula', metric: formula.kpi, formula, base, scale, coefficients: new Float64Array(0) };
}

/** A formula metric's change: the formula at the changed inputs minus the formula at the observed inputs. */
function formulaDelta(
  model: FormulaModel,
  series: Readonly<Record<string, number[]>>,
  deltas: ReadonlyMap<string, Float64Array>,
): Float64Array {
  const rows = model.base.length;
  const delta = new Float64Array(rows);
  const moved = model.formula.metrics.flatMap((metric) => {
    const change = deltas.get(metric);
    return change === undefined ? [] : [change];
  });
  for (let t = 0; t < rows; t++) {
    if (moved.every((change) => change[t] === 0)) continue;
    const value = evaluateFormula(
      model.formula.root,
      (metric) => ((series[metric] as number[])[t] as number) + (deltas.get(metric)?.[t] ?? 0),
    );
    if (value === null) {
      throw fail(
        `${model.metric} = ${model.formula.text} divides by zero or overflows under the scenario at row ${t}`,
      );
    }
    delta[t] = (value - (model.base[t] as number)) * (model.scale[t] as number);
  }
  return delta;
}
