import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { correlate } from '../correlation/correlate.js';
import { decomposeKpiChange, type KpiChangeDecomposition } from '../decomposition/decompose-kpi-change.js';
import { buildCausalGraph, type CausalGraph } from '../graph/build-causal-graph.js';
import { estimateImpact } from '../impact/estimate-impact.js';
import {
  evaluateFormula,
  isMonomial,
  monomialExponents,
  parseFormula,
} from '../internal/formula/evaluate-formula.js';
import { formulaMetrics, inlineFormula } from '../internal/formula/inline-formula.js';
import { assertAlignedDates, datesSchema, wideSeriesSchema } from '../internal/series-input.js';
import { estimateWhatIf } from '../whatif/estimate-what-if.js';

/** How strong the evidence behind a driver is, weakest first; `structural` is arithmetic (a KPI formula). */
export const evidenceLevels = [
  'correlation',
  'precedes',
  'counterfactual',
  'experiment',
  'structural',
] as const;

/** One of {@link evidenceLevels}. */
export type EvidenceLevel = (typeof evidenceLevels)[number];

const periodSchema = z.object({ start: z.iso.date(), end: z.iso.date() });

const edgeSchema = z.object({
  source: z.string().min(1),
  target: z.string().min(1),
  lag: z.number().int().min(0).max(365).optional(),
});

const inputSchema = z.object({
  /** One equally spaced series per metric, aligned on `dates`. */
  series: wideSeriesSchema,
  dates: datesSchema,
  /** The metric whose change is explained. */
  metric: z.string().min(1),
  /** The earlier and the later period, inclusive ISO dates. */
  from: periodSchema,
  to: periodSchema,
  /**
   * KPI formulas by metric (core syntax), e.g. `{ revenue: 'orders * average_order_value' }`; nested ones form
   * a driver tree. One leaf of a product formula may have no series: its period value is implied by the
   * identity (average order value = revenue ÷ orders for the period), as core's KPIs define it.
   */
  formulas: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Period aggregation by metric: `sum` (default) or `mean` (prices, rates). */
  aggregations: z.record(z.string(), z.enum(['sum', 'mean'])).default({}),
  /** A causal graph to reuse (e.g. from {@link buildCausalGraph}); otherwise built from the series. */
  graph: z
    .object({
      edges: z.array(
        z.looseObject({
          source: z.string().min(1),
          target: z.string().min(1),
          lag: z.number().int().min(0).max(365).default(0),
          evidence: z.string().optional(),
          pValue: z.number().nullable().optional(),
        }),
      ),
    })
    .optional(),
  /** Largest Granger lag when the graph is built here. Default 7. */
  maxLag: z.number().int().min(1).max(60).default(7),
  /** Known edges (e.g. weather → traffic the same day) and impossible ones (anything → weather). */
  required: z.array(edgeSchema).default([]),
  forbidden: z.array(edgeSchema.pick({ source: true, target: true })).default([]),
  /**
   * Dated events inside the later period. Without `experiment` the effect on `metric` (default the explained
   * metric) is estimated against a counterfactual forecast from `controls`; with `experiment` the result of a
   * randomised test (total effect over the event's days, in the metric's units) is cited as given.
   */
  events: z
    .array(
      z.object({
        name: z.string().min(1),
        date: z.iso.date(),
        metric: z.string().min(1).optional(),
        controls: z.array(z.string().min(1)).optional(),
        controlLags: z.record(z.string(), z.array(z.number().int().min(0).max(60)).min(1)).optional(),
        experiment: z.object({ estimate: z.number(), lower: z.number(), upper: z.number() }).optional(),
      }),
    )
    .default([]),
  /** Interval level. Default 0.95. */
  level: z.number().gt(0.5).lt(1).default(0.95),
  /** Significance level for correlations. Default 0.05. */
  alpha: z.number().gt(0).lt(1).default(0.05),
  /** Bootstrap draws of each what-if. Default 300. */
  draws: z.number().int().min(50).max(10_000).default(300),
  seed: z.number().int().default(1),
});

/** Input of {@link explainChange}. */
export type ExplainChangeInput = Omit<z.input<typeof inputSchema>, 'graph'> & {
  readonly graph?: Pick<CausalGraph, 'edges'>;
};

/** One ranked driver of the change. */
export interface ExplainDriver {
  readonly rank: number;
  readonly driver: string;
  /** Metrics between the driver and the explained metric, nearest first (empty when direct). */
  readonly via: readonly string[];
  /** Part of the change attributed to the driver, in the metric's units; null when only correlated. */
  readonly contribution: number | null;
  readonly interval: { readonly lower: number; readonly upper: number } | null;
  /** contribution ÷ change; null when either is missing or the change is 0. */
  readonly share: number | null;
  readonly evidence: EvidenceLevel;
  /** How the number was obtained. */
  readonly method: string;
  /** The figures behind the claim (period values, p-values, lags, r). */
  readonly numbers: Readonly<Record<string, number>>;
  readonly caveats: readonly string[];
  /** One sentence a coach can cite. */
  readonly statement: string;
}

/** Result of {@link explainChange}. */
export interface ChangeExplanation {
  readonly metric: string;
  readonly from: { readonly start: string; readonly end: string; readonly value: number };
  readonly to: { readonly start: string; readonly end: string; readonly value: number };
  readonly change: number;
  /** change ÷ |from value|; null when the earlier value is 0. */
  readonly relativeChange: number | null;
  /** Strongest contribution first; correlation-only drivers last. */
  readonly drivers: readonly ExplainDriver[];
  /** The metric's formula decomposition, when it has a formula. */
  readonly decomposition?: KpiChangeDecomposition;
  /** Change minus the formula's change: what the formula does not capture (0 with an implied leaf). */
  readonly formulaRemainder: number | null;
  readonly caveats: readonly string[];
  /** The narrative, sentence by sentence, then joined. */
  readonly sentences: readonly string[];
  readonly narrative: string;
}

function fail(message: string): DyocenseError {
  return new DyocenseError({ code: 'invalid_input', message });
}

/** Row range [first, last] of an inclusive date period. */
function rowRange(
  dates: readonly string[],
  period: { start: string; end: string },
  label: string,
): [number, number] {
  const day = (date: string) => date.slice(0, 10);
  const first = dates.findIndex((date) => day(date) >= period.start);
  let last = -1;
  for (let index = dates.length - 1; index >= 0; index--) {
    if (day(dates[index] as string) <= period.end) {
      last = index;
      break;
    }
  }
  if (period.start > period.end) throw fail(`The ${label} period ends before it starts`);
  if (first < 0 || last < first)
    throw fail(`No data in the ${label} period ${period.start} to ${period.end}`);
  return [first, last];
}

/** Formats a number for a sentence: 3 significant digits, thousands separated, sign when asked. */
function format(value: number, signed = false): string {
  const rounded = Number(value.toPrecision(3));
  const text = Math.abs(rounded).toLocaleString('en-US', { maximumFractionDigits: 6 });
  const sign = value < 0 ? '−' : signed ? '+' : '';
  return `${sign}${text}`;
}

function percent(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)}%`;
}

/**
 * Explains why a metric changed between two periods, with every claim labelled by the strength of its evidence:
 *
 * 1. `structural`: the metric's KPI formula splits the change exactly among its inputs (LMDI or Shapley, via
 *    {@link decomposeKpiChange}); arithmetic, which says which inputs moved, not why.
 * 2. `counterfactual` / `experiment`: dated events in the later period, measured against a forecast from
 *    control series ({@link estimateImpact}) or cited from a randomised test.
 * 3. `precedes`: metrics upstream in the causal graph (conditional Granger on differences, plus user and formula
 *    edges): the change each one's move goes with, pushed along the graph by {@link estimateWhatIf}. "X helps
 *    predict Y k days later", never "X caused Y".
 * 4. `correlation`: other metrics whose daily changes move with the metric's; no contribution is claimed.
 *
 * The narrative is built from fixed templates (no language model), so every sentence is traceable to a number.
 *
 * @throws DyocenseError `invalid_input` for an unknown metric, a period without data, overlapping periods, bad
 * formulas, or the inputs' errors (NaN, misaligned dates, constant series); `insufficient_data` when the series
 * are too short for the graph.
 * @example
 * explainChange({ series, dates, metric: 'revenue', formulas: { revenue: 'orders * average_order_value' },
 *   from: { start: '2024-07-05', end: '2024-10-02' }, to: { start: '2024-10-03', end: '2024-12-31' },
 *   events: [{ name: 'checkout redesign', date: '2024-10-03', metric: 'orders', controls: ['traffic', 'price'] }] })
 *   .narrative;
 */
export function explainChange(input: ExplainChangeInput): ChangeExplanation {
  const options = parseInput(inputSchema, input as unknown as z.input<typeof inputSchema>, 'explain input');
  const names = Object.keys(options.series);
  const rows = (options.series[names[0] as string] as number[]).length;
  assertAlignedDates(options.dates, rows);
  if (!names.includes(options.metric) && options.formulas[options.metric] === undefined) {
    throw fail(`Unknown metric ${options.metric}; series are ${names.join(', ')}`);
  }
  const [fromFirst, fromLast] = rowRange(options.dates, options.from, 'from');
  const [toFirst, toLast] = rowRange(options.dates, options.to, 'to');
  if (toFirst <= fromLast) throw fail('The to period must start after the from period ends');

  const aggregationOf = (metric: string) => options.aggregations[metric] ?? 'sum';
  const aggregate = (metric: string, first: number, last: number): number => {
    const values = options.series[metric] as number[];
    let total = 0;
    for (let t = first; t <= last; t++) total += values[t] as number;
    return aggregationOf(metric) === 'mean' ? total / (last - first + 1) : total;
  };
  const caveats: string[] = [];
  const parsed = new Map(
    Object.entries(options.formulas).map(([kpi, text]) => [kpi, parseFormula(kpi, text)] as const),
  );

  // 1. The formula split, when the metric has one.
  let decomposition: KpiChangeDecomposition | undefined;
  let fromValue: number;
  let toValue: number;
  let formulaRemainder: number | null = null;
  const structural: { metric: string; contribution: number; before: number; after: number }[] = [];
  const own = parsed.get(options.metric);
  if (own !== undefined) {
    const roots = new Map([...parsed].map(([kpi, formula]) => [kpi, formula.root] as const));
    const tree = inlineFormula(own.root, (metric) => roots.get(metric), [options.metric]);
    const leaves = formulaMetrics(tree);
    const missing = leaves.filter((leaf) => !names.includes(leaf));
    const before: Record<string, number> = {};
    const after: Record<string, number> = {};
    for (const leaf of leaves.filter((name) => names.includes(name))) {
      before[leaf] = aggregate(leaf, fromFirst, fromLast);
      after[leaf] = aggregate(leaf, toFirst, toLast);
    }
    if (missing.length > 0) {
      // One product leaf without data is implied by the identity, as core defines average order value.
      const [implied] = missing;
      if (missing.length > 1 || !names.includes(options.metric) || !isMonomial(tree)) {
        throw fail(
          `No series for ${missing.join(', ')}: only one leaf of a product formula can be implied by ${options.metric}'s own data`,
        );
      }
      for (const [values, first, last] of [
        [before, fromFirst, fromLast],
        [after, toFirst, toLast],
      ] as const) {
        const atOne = evaluateFormula(tree, (name) => (name === implied ? 1 : (values[name] as number)));
        const actual = aggregate(options.metric, first, last);
        const power = monomialExponents(tree)?.get(implied as string) ?? 0;
        if (atOne === null || atOne === 0 || actual === 0 || Math.abs(power) !== 1) {
          throw fail(`${implied} cannot be implied from ${options.metric}: the formula is 0 or undefined`);
        }
        values[implied as string] = power === 1 ? actual / atOne : atOne / actual;
      }
    }
    decomposition = decomposeKpiChange({
      formula: own.text,
      drivers: Object.fromEntries(
        [...parsed].filter(([kpi]) => kpi !== options.metric).map(([kpi, formula]) => [kpi, formula.text]),
      ),
      before,
      after,
    });
    if (names.includes(options.metric)) {
      fromValue = aggregate(options.metric, fromFirst, fromLast);
      toValue = aggregate(options.metric, toFirst, toLast);
      formulaRemainder = toValue - fromValue - decomposition.change;
      if (Math.abs(formulaRemainder) > 0.01 * Math.max(Math.abs(toValue - fromValue), 1e-12)) {
        caveats.push(
          `The formula ${own.text} reproduces ${format(decomposition.change, true)} of the ${format(toValue - fromValue, true)} change in ${options.metric}; ${format(formulaRemainder, true)} lies outside it`,
        );
      }
    } else {
      fromValue = decomposition.before;
      toValue = decomposition.after;
      formulaRemainder = 0;
    }
    for (const entry of decomposition.contributions) structural.push(entry);
  } else {
    fromValue = aggregate(options.metric, fromFirst, fromLast);
    toValue = aggregate(options.metric, toFirst, toLast);
  }
  const change = toValue - fromValue;
  const shareOf = (value: number | null) => (value === null || change === 0 ? null : value / change);
  const drivers: Omit<ExplainDriver, 'rank'>[] = [];
  const formulaText = own?.text;
  for (const entry of structural) {
    drivers.push({
      driver: entry.metric,
      via: [],
      contribution: entry.contribution,
      interval: null,
      share: shareOf(entry.contribution),
      evidence: 'structural',
      method: `${decomposition?.method === 'lmdi' ? 'LMDI' : 'Shapley'} split of ${options.metric} = ${formulaText}`,
      numbers: { before: entry.before, after: entry.after, contribution: entry.contribution },
      caveats: ['An accounting identity: it says which input moved, not why'],
      statement: `${entry.metric} went from ${format(entry.before)} to ${format(entry.after)} (${entry.before === 0 ? 'from zero' : percent(entry.after / entry.before - 1)}), which by ${options.metric} = ${formulaText} accounts for ${format(entry.contribution, true)}`,
    });
  }
  // Converts a change of a formula leaf into the metric's units at the rate the decomposition implies.
  const perUnit = new Map(
    structural.map((entry) => [
      entry.metric,
      entry.after === entry.before ? null : entry.contribution / (entry.after - entry.before),
    ]),
  );
  const targets = structural.length > 0 ? structural.map((entry) => entry.metric) : [options.metric];
  const inMetricUnits = (target: string, totalOverWindow: number, days: number): number | null => {
    const periodUnits = aggregationOf(target) === 'mean' ? totalOverWindow / days : totalOverWindow;
    if (target === options.metric) return periodUnits;
    const rate = perUnit.get(target);
    return rate === null || rate === undefined ? null : periodUnits * rate;
  };
  const toDays = toLast - toFirst + 1;

  // The causal graph, built once and only when events or upstream drivers need it.
  let builtGraph: CausalGraph | undefined;
  function graphEdges():
    | readonly {
        source: string;
        target: string;
        lag: number;
        evidence?: string | undefined;
        pValue?: number | null | undefined;
      }[]
    | undefined {
    if (options.graph !== undefined) return options.graph.edges;
    if (builtGraph === undefined) {
      builtGraph = buildCausalGraph({
        series: options.series,
        dates: options.dates,
        maxLag: options.maxLag,
        formulas: Object.fromEntries(
          [...parsed]
            .filter(([, formula]) => formula.metrics.every((metric) => names.includes(metric)))
            .map(([kpi, formula]) => [kpi, formula.text]),
        ),
        required: options.required,
        forbidden: options.forbidden,
      });
    }
    return builtGraph.edges;
  }

  // 2. Dated events: counterfactual estimates or cited experiments.
  for (const event of options.events) {
    const target = event.metric ?? options.metric;
    const index = options.dates.findIndex((date) => date.slice(0, 10) >= event.date);
    if (index < toFirst || index > toLast) {
      caveats.push(`${event.name} (${event.date}) is not inside the later period and was not assessed`);
      continue;
    }
    if (!names.includes(target)) throw fail(`Event ${event.name} names ${target}, which has no series`);
    const days = toLast - index + 1;
    if (event.experiment !== undefined) {
      const scaled = [event.experiment.estimate, event.experiment.lower, event.experiment.upper].map(
        (value) => inMetricUnits(target, value, days),
      );
      const [estimate, lower, upper] = scaled;
      drivers.push({
        driver: event.name,
        via: target === options.metric ? [] : [target],
        contribution: estimate ?? null,
        interval:
          lower === null || upper === null || lower === undefined || upper === undefined
            ? null
            : { lower: Math.min(lower, upper), upper: Math.max(lower, upper) },
        share: shareOf(estimate ?? null),
        evidence: 'experiment',
        method: 'randomised experiment, result as reported',
        numbers: { ...event.experiment, days },
        caveats: ['The experiment result is cited as given; its design is not checked here'],
        statement: `${event.name} (a randomised test from ${event.date}) changed ${target} by ${format(event.experiment.estimate, true)} (interval ${format(event.experiment.lower)} to ${format(event.experiment.upper)})${estimate !== null && estimate !== undefined && target !== options.metric ? `, about ${format(estimate, true)} of ${options.metric}` : ''}`,
      });
      continue;
    }
    const controls =
      event.controls ??
      [
        ...new Set((graphEdges() ?? []).filter((edge) => edge.target === target).map((edge) => edge.source)),
      ].filter((name) => names.includes(name) && name !== options.metric);
    if (controls.length === 0) {
      caveats.push(`${event.name}: no control series for ${target}, so no counterfactual was estimated`);
      continue;
    }
    const truncated = Object.fromEntries(
      [target, ...controls].map((name) => [name, (options.series[name] as number[]).slice(0, toLast + 1)]),
    );
    const impact = estimateImpact({
      series: truncated,
      dates: options.dates.slice(0, toLast + 1),
      target,
      controls,
      ...(event.controlLags === undefined ? {} : { controlLags: event.controlLags }),
      interventionIndex: index,
      level: options.level,
    });
    const estimate = inMetricUnits(target, impact.cumulative.estimate, days);
    const lower = inMetricUnits(target, impact.cumulative.lower, days);
    const upper = inMetricUnits(target, impact.cumulative.upper, days);
    drivers.push({
      driver: event.name,
      via: target === options.metric ? [] : [target],
      contribution: estimate,
      interval:
        lower === null || upper === null
          ? null
          : { lower: Math.min(lower, upper), upper: Math.max(lower, upper) },
      share: shareOf(estimate),
      evidence: 'counterfactual',
      method: `${impact.method === 'state-space' ? 'local-level + regression state-space' : 'OLS'} counterfactual of ${target} from ${controls.join(', ')}`,
      numbers: {
        effectOnTarget: impact.cumulative.estimate,
        lower: impact.cumulative.lower,
        upper: impact.cumulative.upper,
        pValue: impact.pValue,
        days,
      },
      caveats: [
        `Assumes ${controls.join(', ')} were not affected by ${event.name} and kept their relation to ${target}`,
        ...('passed' in impact.placebo && !impact.placebo.passed
          ? ['The placebo check before the event failed']
          : []),
      ],
      statement: `After ${event.name} on ${event.date}, ${target} was ${format(impact.cumulative.estimate, true)} above a forecast from ${controls.join(', ')} over ${days} days (${Math.round(options.level * 100)}% interval ${format(impact.cumulative.lower)} to ${format(impact.cumulative.upper)}, p = ${impact.pValue.toPrecision(2)})${estimate !== null && target !== options.metric ? `, about ${format(estimate, true)} of ${options.metric}` : ''}`,
    });
  }

  // 3. Upstream metrics along the causal graph.
  const edges = graphEdges() ?? [];
  const parentsOf = new Map<string, string[]>();
  for (const edge of edges) parentsOf.set(edge.target, [...(parentsOf.get(edge.target) ?? []), edge.source]);
  const formulaDefined = new Set([...parsed.keys(), ...structural.map((entry) => entry.metric)]);
  const explained = new Set<string>([options.metric, ...formulaDefined]);
  for (const target of targets) {
    if (!names.includes(target)) continue;
    // Breadth-first over ancestors, so `via` is a shortest path to the target.
    const via = new Map<string, string[]>([[target, []]]);
    const queue = [target];
    while (queue.length > 0) {
      const node = queue.shift() as string;
      for (const parent of parentsOf.get(node) ?? []) {
        if (via.has(parent)) continue;
        via.set(parent, [...(node === target ? [] : [node]), ...(via.get(node) as string[])]);
        queue.push(parent);
      }
    }
    for (const [candidate, path] of via) {
      if (candidate === target || explained.has(candidate) || !names.includes(candidate)) continue;
      const before =
        aggregate(candidate, fromFirst, fromLast) /
        (aggregationOf(candidate) === 'mean' ? 1 : fromLast - fromFirst + 1);
      const after =
        aggregate(candidate, toFirst, toLast) / (aggregationOf(candidate) === 'mean' ? 1 : toDays);
      explained.add(candidate);
      if (before === after) continue;
      const ratio = before / after - 1;
      if (after === 0 || !(ratio > -1 && ratio <= 100)) {
        caveats.push(
          `${candidate} went from ${format(before)} to ${format(after)} a day on average, a change of sign that a relative what-if cannot express; its share was not estimated`,
        );
        continue;
      }
      let answer: ReturnType<typeof estimateWhatIf>;
      try {
        answer = estimateWhatIf({
          series: options.series,
          dates: options.dates,
          graph: { edges: edges.map((edge) => ({ ...edge })) },
          treatment: candidate,
          outcome: target,
          change: ratio,
          fromIndex: toFirst,
          toIndex: toLast + 1,
          level: options.level,
          draws: options.draws,
          seed: options.seed,
        });
      } catch (error) {
        if (!DyocenseError.isInstance(error)) throw error;
        caveats.push(`${candidate} → ${target} could not be assessed: ${error.message}`);
        continue;
      }
      // The what-if moves the candidate back to its earlier level; the change it explains is the opposite.
      const effect = -answer.effect.estimate;
      const contribution = inMetricUnits(target, effect, toDays);
      const bounds = [-answer.effect.upper, -answer.effect.lower].map((value) =>
        inMetricUnits(target, value, toDays),
      );
      const [lower, upper] = bounds;
      const firstEdge = edges.find(
        (edge) => edge.source === candidate && edge.target === (path[0] ?? target),
      );
      const route = [candidate, ...path, target, ...(target === options.metric ? [] : [options.metric])];
      drivers.push({
        driver: candidate,
        via: [...path, ...(target === options.metric ? [] : [target])],
        contribution,
        interval:
          lower === null || upper === null || lower === undefined || upper === undefined
            ? null
            : { lower: Math.min(lower, upper), upper: Math.max(lower, upper) },
        share: shareOf(contribution),
        evidence: 'precedes',
        method: `regression chain along the causal graph (${route.join(' → ')}), adjusting each link for its other parents`,
        numbers: {
          before,
          after,
          effectOnTarget: effect,
          ...(firstEdge === undefined ? {} : { lag: firstEdge.lag }),
          ...(firstEdge?.pValue === undefined || firstEdge.pValue === null
            ? {}
            : { pValue: firstEdge.pValue }),
        },
        caveats: [
          'Granger evidence: the data show precedence, not cause; a metric missing from the data could drive both',
          ...answer.warnings,
        ],
        statement: `${candidate} went from ${format(before)} to ${format(after)} a day on average (${percent(after / before - 1)}); ${candidate} helps predict ${path[0] ?? target}${firstEdge === undefined || firstEdge.lag === 0 ? ' the same day' : ` ${firstEdge.lag} day${firstEdge.lag === 1 ? '' : 's'} later`}, and along the graph that move goes with ${format(effect, true)} ${target}${contribution !== null && target !== options.metric ? ` (about ${format(contribution, true)} of ${options.metric})` : ''}; this is predictive evidence, not proof of cause`,
      });
    }
  }

  // 4. Correlation only: metrics whose daily changes move with the metric's, not already explained.
  if (names.includes(options.metric)) {
    const others = names.filter(
      (name) => !explained.has(name) && !drivers.some((driver) => driver.driver === name),
    );
    if (others.length > 0) {
      try {
        const result = correlate({
          series: Object.fromEntries(
            [options.metric, ...others].map((name) => [name, options.series[name] as number[]]),
          ),
          alpha: options.alpha,
        });
        for (const pair of result.pairs) {
          if (!pair.significant || (pair.a !== options.metric && pair.b !== options.metric)) continue;
          const other = pair.a === options.metric ? pair.b : pair.a;
          drivers.push({
            driver: other,
            via: [],
            contribution: null,
            interval: null,
            share: null,
            evidence: 'correlation',
            method: 'Pearson correlation of daily changes, Benjamini–Hochberg adjusted',
            numbers: { r: pair.pearson.r, adjustedPValue: pair.pearson.adjustedPValue },
            caveats: ['Correlation only: no direction and no share of the change is claimed'],
            statement: `${other} moves with ${options.metric} from day to day (r = ${pair.pearson.r.toFixed(2)} on daily changes); this is a correlation only`,
          });
        }
      } catch (error) {
        if (!DyocenseError.isInstance(error)) throw error;
        caveats.push(`Correlations were not computed: ${error.message}`);
      }
    }
  }

  const evidenceRank = (level: EvidenceLevel) => evidenceLevels.length - evidenceLevels.indexOf(level);
  const ranked: ExplainDriver[] = drivers
    .map((driver) => ({ driver, size: driver.contribution === null ? -1 : Math.abs(driver.contribution) }))
    .sort((a, b) => b.size - a.size || evidenceRank(a.driver.evidence) - evidenceRank(b.driver.evidence))
    .map(({ driver }, index) => ({ rank: index + 1, ...driver }));

  const relativeChange = fromValue === 0 ? null : change / Math.abs(fromValue);
  const sentences = [
    `${options.metric} went from ${format(fromValue)} (${options.from.start} to ${options.from.end}) to ${format(toValue)} (${options.to.start} to ${options.to.end}), ${format(change, true)}${relativeChange === null ? '' : ` (${percent(relativeChange)})`}.`,
    ...ranked.map((driver) => {
      const interval =
        driver.interval === null || driver.evidence === 'structural'
          ? ''
          : ` [${Math.round(options.level * 100)}% interval ${format(driver.interval.lower, true)} to ${format(driver.interval.upper, true)}]`;
      return `${driver.rank}. ${driver.statement}${interval} (evidence: ${driver.evidence}).`;
    }),
    ...(ranked.some((driver) => driver.evidence !== 'structural' && driver.contribution !== null)
      ? [
          'Events and upstream metrics explain parts of the formula inputs’ changes and can overlap along a chain (a metric acting through another), so their numbers do not add up to the change.',
        ]
      : []),
    ...caveats.map((caveat) => `Note: ${caveat}.`),
  ];
  return {
    metric: options.metric,
    from: { ...options.from, value: fromValue },
    to: { ...options.to, value: toValue },
    change,
    relativeChange,
    drivers: ranked,
    ...(decomposition === undefined ? {} : { decomposition }),
    formulaRemainder,
    caveats,
    sentences,
    narrative: sentences.join(' '),
  };
}
