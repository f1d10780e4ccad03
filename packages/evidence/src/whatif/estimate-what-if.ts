import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import type { CausalGraph } from '../graph/build-causal-graph.js';
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
      }),
    ),
  }),
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
    readonly edges: readonly { readonly source: string; readonly target: string; readonly lag?: number }[];
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
  }[];
  readonly assumptions: readonly string[];
  readonly warnings: readonly string[];
  readonly statement: string;
}

interface NodeModel {
  readonly metric: string;
  readonly terms: readonly { readonly parent: string; readonly lag: number }[];
  readonly coefficients: Float64Array;
  readonly covarianceFactor: Float64Array;
  readonly rSquared: number;
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

/**
 * Answers "what would the outcome have been if the treatment had been x% higher" by a chain of regressions
 * along the causal graph: each metric on a path from treatment to outcome is regressed on all its graph parents
 * (so confounders such as weather are adjusted for) at lags 0..max(lags, edge lag), with a linear trend and,
 * given dates, day-of-week terms. The treatment change is pushed through the chain in causal order; the
 * interval comes from a seeded parametric bootstrap of every regression's coefficients.
 *
 * The answer is only as good as the graph: a missing confounder edge biases it, and a naive regression of
 * outcome on treatment is never used.
 *
 * @throws DyocenseError `invalid_input` for unknown metrics, a graph metric without data on the path, no path from
 * treatment to outcome, a cycle on the path, collinear parents, or an empty window; `insufficient_data` when a
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

  const children = new Map<string, string[]>();
  const parents = new Map<string, { parent: string; lag: number }[]>();
  for (const edge of options.graph.edges) {
    children.set(edge.source, [...(children.get(edge.source) ?? []), edge.target]);
    parents.set(edge.target, [...(parents.get(edge.target) ?? []), { parent: edge.source, lag: edge.lag }]);
  }
  const reversed = new Map<string, string[]>();
  for (const [target, list] of parents)
    reversed.set(
      target,
      list.map((entry) => entry.parent),
    );
  const downstream = reachable(options.treatment, children);
  const upstream = reachable(options.outcome, reversed);
  if (!downstream.has(options.outcome)) {
    throw fail(
      `The graph has no path from ${options.treatment} to ${options.outcome}: by this graph the change would not affect it`,
    );
  }
  const onPath = [...downstream].filter((node) => upstream.has(node) && node !== options.treatment);
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
  if (order.length < onPath.length) {
    const stuck = onPath.filter((node) => !order.includes(node));
    throw fail(
      `The graph has a cycle among ${stuck.join(', ')}: forbid one direction (or state the order with required edges)`,
    );
  }

  const warnings: string[] = [];
  const dayOfWeek = options.dates?.map((date) => new Date(`${date.slice(0, 10)}T00:00:00Z`).getUTCDay());
  const models: NodeModel[] = order.map((metric) => {
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
    return fitNode(metric, terms, options.series, dayOfWeek);
  });

  const treatmentValues = options.series[options.treatment] as number[];
  const treatmentDelta = new Float64Array(rows);
  for (let t = fromIndex; t < toIndex; t++)
    treatmentDelta[t] = options.change * (treatmentValues[t] as number);
  const propagate = (coefficients: readonly Float64Array[]): Map<string, Float64Array> => {
    const deltas = new Map<string, Float64Array>([[options.treatment, treatmentDelta]]);
    models.forEach((model, index) => {
      const delta = new Float64Array(rows);
      const beta = coefficients[index] as Float64Array;
      model.terms.forEach((term, termIndex) => {
        const source = deltas.get(term.parent);
        if (source === undefined) return;
        const weight = beta[termIndex] as number;
        for (let t = term.lag; t < rows; t++)
          delta[t] = (delta[t] as number) + weight * (source[t - term.lag] as number);
      });
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
    regressions: models.map((model) => ({
      metric: model.metric,
      parents: [...new Set(model.terms.map((term) => term.parent))],
      rSquared: model.rSquared,
    })),
    assumptions: [
      'The causal graph is right: every confounder of a link on the path is a parent in the graph',
      'Effects are linear and stable over the data',
    ],
    warnings,
    statement: `With ${options.treatment} ${changeText} over ${toIndex - fromIndex} periods, ${options.outcome} would have changed by ${effect.estimate.toPrecision(4)} in total (${percent}% interval ${effect.lower.toPrecision(4)} to ${effect.upper.toPrecision(4)}), if the causal graph is right`,
  };
}

function fitNode(
  metric: string,
  terms: readonly { parent: string; lag: number }[],
  series: Readonly<Record<string, number[]>>,
  dayOfWeek: readonly number[] | undefined,
): NodeModel {
  const response = series[metric] as number[];
  const rows = response.length;
  const start = Math.max(0, ...terms.map((term) => term.lag));
  const n = rows - start;
  // Columns: the parent terms first (their coefficients drive the propagation), then intercept, trend and
  // day-of-week dummies, which soak up shared trends and weekly patterns that would otherwise confound.
  const extra = 2 + (dayOfWeek === undefined ? 0 : 6);
  const m = terms.length + extra;
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
  for (let i = 0; i < n; i++) {
    design[terms.length * n + i] = 1;
    design[(terms.length + 1) * n + i] = (start + i) / rows;
    if (dayOfWeek !== undefined) {
      const day = dayOfWeek[start + i] as number;
      if (day > 0) design[(terms.length + 1 + day) * n + i] = 1;
    }
  }
  const y = Float64Array.from(response.slice(start));
  const fit = leastSquares(design, n, m, y);
  if (fit.qr.dependentColumn >= 0) {
    const column = fit.qr.dependentColumn;
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
    metric,
    terms,
    coefficients: fit.coefficients,
    covarianceFactor: choleskyLower(covariance, m),
    rSquared: total > 0 ? 1 - fit.residualSumOfSquares / total : 0,
  };
}
