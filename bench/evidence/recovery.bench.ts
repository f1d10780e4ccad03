import { buildCausalGraph, estimateImpact, estimateWhatIf } from '../../packages/evidence/src/index.js';
import { ancestralPairs, directLaggedEdges, simulateBusiness } from './business-simulator.js';

const sum = (values: readonly number[], from: number) =>
  values.slice(from).reduce((total, value) => total + value, 0);

function dates(days: number): string[] {
  return Array.from({ length: days }, (_, index) =>
    new Date(Date.UTC(2023, 0, 2 + index)).toISOString().slice(0, 10),
  );
}

/** Edge precision (data edges among true ancestral pairs) and recall (true direct lagged edges found). */
export function edgeRecovery(
  days: number,
  seeds: number,
): { precision: number; recall: number; followers: number } {
  let found = 0;
  let correct = 0;
  let recalled = 0;
  let followers = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const series = simulateBusiness(days, seed);
    const graph = buildCausalGraph({ series, maxLag: 7 });
    const edges = graph.edges.filter((edge) => edge.evidence === 'precedes');
    found += edges.length;
    correct += edges.filter((edge) => ancestralPairs.has(`${edge.source}→${edge.target}`)).length;
    followers += edges.filter((edge) => edge.source === 'followers' || edge.target === 'followers').length;
    recalled += directLaggedEdges.filter(([source, target]) =>
      edges.some((edge) => edge.source === source && edge.target === target),
    ).length;
  }
  return {
    precision: found === 0 ? 1 : correct / found,
    recall: recalled / (seeds * directLaggedEdges.length),
    followers: followers / seeds,
  };
}

/** Counterfactual coverage and power for an 8% conversion lift, and placebo false positives without one. */
export function counterfactualCalibration(
  days: number,
  post: number,
  seeds: number,
  method: 'auto' | 'ols' | 'state-space',
): { coverage: number; power: number; placeboFalsePositives: number; meanHalfWidth: number } {
  const start = days - post;
  let covered = 0;
  let detected = 0;
  let falsePositives = 0;
  let halfWidth = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const scenario = { conversionLift: 1.08, spendMultiplier: 1, start };
    const treated = simulateBusiness(days, seed, scenario);
    const untreated = simulateBusiness(days, seed);
    const truth = sum(treated.orders as number[], start) - sum(untreated.orders as number[], start);
    // Price changes only every couple of weeks: in a short history it may never move before the start, and
    // a control constant before the intervention cannot be used (the engine refuses it).
    const prePrices = (untreated.price as number[]).slice(0, start);
    const priceMoves = prePrices.some((value) => value !== prePrices[0]);
    const common = {
      target: 'orders',
      controls: priceMoves ? ['traffic', 'price'] : ['traffic'],
      controlLags: { traffic: [0, 1, 2] },
      interventionIndex: start,
      method,
      placebo: false,
    };
    const pick = (series: Record<string, number[]>) => ({
      orders: series.orders as number[],
      traffic: series.traffic as number[],
      price: series.price as number[],
    });
    const effect = estimateImpact({ ...common, series: pick(treated) });
    if (effect.cumulative.lower <= truth && truth <= effect.cumulative.upper) covered++;
    if (effect.cumulative.lower > 0) detected++;
    halfWidth += (effect.cumulative.upper - effect.cumulative.lower) / 2;
    const none = estimateImpact({ ...common, series: pick(untreated) });
    if (none.significant) falsePositives++;
  }
  return {
    coverage: covered / seeds,
    power: detected / seeds,
    placeboFalsePositives: falsePositives / seeds,
    meanHalfWidth: halfWidth / seeds,
  };
}

/** The simulator's own graph (with the revenue formula): what-if error without graph-discovery error. */
const trueGraph = {
  formulas: { revenue: 'orders * price' },
  edges: [
    { source: 'weather', target: 'marketing_spend', lag: 1 },
    { source: 'weather', target: 'traffic', lag: 0 },
    { source: 'marketing_spend', target: 'traffic', lag: 1 },
    { source: 'traffic', target: 'orders', lag: 2 },
    { source: 'price', target: 'orders', lag: 0 },
  ],
};

/**
 * Mean absolute relative error of "revenue if spend had been 20% higher", along the graph discovered from the data
 * (`discovered`) or along the simulator's true graph (`true`).
 */
export function whatIfError(
  days: number,
  post: number,
  seeds: number,
  graphSource: 'discovered' | 'true' = 'discovered',
): { meanRelativeError: number; coverage: number } {
  const start = days - post;
  let error = 0;
  let covered = 0;
  const rows = dates(days);
  for (let seed = 1; seed <= seeds; seed++) {
    const series = simulateBusiness(days, seed);
    const more = simulateBusiness(days, seed, { conversionLift: 1, spendMultiplier: 1.2, start });
    const truth = sum(more.revenue as number[], start) - sum(series.revenue as number[], start);
    const discovered = () =>
      buildCausalGraph({
        series,
        dates: rows,
        maxLag: 7,
        formulas: { revenue: 'orders * price' },
        required: [{ source: 'weather', target: 'traffic', lag: 0 }],
        // User knowledge a shop owner has: nothing the business does changes the weather.
        forbidden: Object.keys(series)
          .filter((name) => name !== 'weather')
          .map((source) => ({ source, target: 'weather' })),
      });
    const graph = graphSource === 'true' ? trueGraph : discovered();
    try {
      const answer = estimateWhatIf({
        series,
        dates: rows,
        graph,
        treatment: 'marketing_spend',
        outcome: 'revenue',
        change: 0.2,
        fromIndex: start,
        draws: 200,
      });
      error += Math.abs(answer.effect.estimate - truth) / Math.abs(truth);
      if (answer.effect.lower <= truth && truth <= answer.effect.upper) covered++;
    } catch {
      // No path found from spend to revenue in this seed's graph: the answer is "no effect", a 100% error.
      error += 1;
    }
  }
  return { meanRelativeError: error / seeds, coverage: covered / seeds };
}

/** `pnpm bench recovery`: the evidence engine on its own seeded simulator with a known causal structure. */
export async function runRecoveryBench(): Promise<string> {
  const seeds = Number(process.env.BENCH_SEEDS ?? 40);
  // Coverage and false-positive rates need many runs: with 120 the binomial standard error is 2 points.
  const counterfactualSeeds = Number(process.env.BENCH_COUNTERFACTUAL_SEEDS ?? 300);
  const standardError = (rate: number) => Math.sqrt((rate * (1 - rate)) / counterfactualSeeds);
  const lines: string[] = [];
  const started = performance.now();
  for (const days of [730, 120]) {
    const edges = edgeRecovery(days, seeds);
    lines.push(
      `edges, ${days} days, ${seeds} seeds: precision on ancestral pairs ${edges.precision.toFixed(3)} (target >= 0.8 at 730), recall on direct lagged edges ${edges.recall.toFixed(3)} (target >= 0.9 at 730), edges touching the random walk per run ${edges.followers.toFixed(2)}`,
    );
  }
  for (const [days, post] of [
    [730, 90],
    [120, 30],
  ] as const) {
    for (const method of ['auto', 'ols'] as const) {
      const result = counterfactualCalibration(days, post, counterfactualSeeds, method);
      lines.push(
        `counterfactual ${days - post} pre / ${post} post, ${method}, ${counterfactualSeeds} seeds: cumulative 95% coverage ${result.coverage.toFixed(3)} ± ${standardError(result.coverage).toFixed(3)} (target 0.93-0.97), power on an 8% lift ${result.power.toFixed(3)} (target >= 0.9), placebo false positives ${result.placeboFalsePositives.toFixed(3)} ± ${standardError(result.placeboFalsePositives).toFixed(3)} (target <= 0.06), mean half-width ${result.meanHalfWidth.toFixed(0)} orders`,
      );
    }
  }
  for (const days of [730, 120]) {
    for (const graph of ['discovered', 'true'] as const) {
      const whatIf = whatIfError(days, days === 730 ? 90 : 30, seeds, graph);
      lines.push(
        `what-if +20% spend, ${days} days, ${graph} graph, ${seeds} seeds: mean absolute relative error ${(whatIf.meanRelativeError * 100).toFixed(1)}% (target <= 5% at 730), interval coverage ${whatIf.coverage.toFixed(3)}`,
      );
    }
  }
  lines.push(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return lines.join('\n');
}
