import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRunner } from '../cli-harness.test-support.js';

const directory = mkdtempSync(join(tmpdir(), 'dyocense-evidence-'));
// The evidence engine's copies of the shared fixtures (a clone runs without ../shared).
const shared = (path: string) =>
  new URL(`../../../evidence/src/__fixtures__/${path}`, import.meta.url).pathname;
const daily = shared('daily.csv');

const run = cliRunner(directory);

interface GrangerOutput {
  tests: { cause: string; effect: string; lag: number; fStatistic: number; pValue: number }[];
}

describe('dyocense evidence', () => {
  it('granger --transform none reproduces the statsmodels p-values on levels', async () => {
    const { code, stdout, stderr } = await run(
      'evidence',
      'granger',
      '--input',
      daily,
      '--max-lag',
      '7',
      '--transform',
      'none',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as GrangerOutput;
    expect(output.tests).toHaveLength(392);
    const reference = JSON.parse(readFileSync(shared('granger_levels.json'), 'utf8')) as {
      pairwise: { cause: string; effect: string; lag: number; ssr_F: number; ssr_F_p: number }[];
    };
    for (const expected of reference.pairwise.slice(0, 60)) {
      const test = output.tests.find(
        (entry) =>
          entry.cause === expected.cause && entry.effect === expected.effect && entry.lag === expected.lag,
      );
      expect(Math.abs((test?.pValue ?? -1) - expected.ssr_F_p)).toBeLessThan(1e-8);
      expect(Math.abs((test?.fStatistic ?? 0) - expected.ssr_F) / expected.ssr_F).toBeLessThan(1e-8);
    }
  });

  it('graph prints nodes and labelled edges', async () => {
    const { code, stdout } = await run('evidence', 'graph', '--input', daily, '--max-lag', '7');
    expect(code).toBe(0);
    const graph = JSON.parse(stdout) as {
      nodes: string[];
      edges: {
        source: string;
        target: string;
        lag: number;
        sign: number;
        pValue: number;
        evidence: string;
      }[];
    };
    expect(graph.nodes).toHaveLength(8);
    const edge = graph.edges.find(
      (entry) => entry.source === 'marketing_spend' && entry.target === 'traffic',
    );
    expect(edge).toMatchObject({ lag: 1, sign: 1, evidence: 'precedes' });
    expect(edge?.pValue).toBeLessThan(0.05);
  });

  it('impact estimates the checkout redesign effect on orders with an interval', async () => {
    const { code, stdout } = await run(
      'evidence',
      'impact',
      '--input',
      daily,
      '--target',
      'orders',
      '--intervention',
      '2024-10-03',
      '--controls',
      'traffic,price',
      '--control-lags',
      'traffic:0/1/2',
      '--level',
      '95',
    );
    expect(code).toBe(0);
    const impact = JSON.parse(stdout) as {
      cumulative: { estimate: number; lower: number; upper: number };
      relative: { estimate: number; lower: number; upper: number };
      pValue: number;
      postObservations: number;
    };
    expect(impact.postObservations).toBe(90);
    // The simulator's true cumulative effect is +685.9 orders (+10.2%).
    expect(impact.cumulative.lower).toBeLessThan(685.9);
    expect(impact.cumulative.upper).toBeGreaterThan(685.9);
    expect(impact.relative.lower).toBeLessThan(0.1016);
    expect(impact.relative.upper).toBeGreaterThan(0.1016);
    expect(impact.pValue).toBeLessThan(0.001);
  });

  it('whatif answers "revenue if spend had been 20% higher" along the graph', async () => {
    const { code, stdout } = await run(
      'evidence',
      'whatif',
      '--input',
      daily,
      '--treatment',
      'marketing_spend',
      '--outcome',
      'revenue',
      '--change',
      '20%',
      '--from',
      '2024-10-03',
      '--formulas',
      'revenue=orders*price',
      '--required',
      'weather->traffic@0',
      '--output',
      'whatif.json',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Wrote whatif\.json/);
    const answer = JSON.parse(readFileSync(join(directory, 'whatif.json'), 'utf8')) as {
      effect: { estimate: number };
    };
    // The window starts with the checkout redesign (+8% conversion); the what-if scales orders to the window's level.
    expect(Math.abs(answer.effect.estimate - 23816.6) / 23816.6).toBeLessThan(0.02);
  });

  it('explain ranks labelled drivers of a revenue change and tells it in plain words', async () => {
    const { code, stdout } = await run(
      'evidence',
      'explain',
      '--input',
      daily,
      '--metric',
      'revenue',
      '--formulas',
      'revenue=orders*average_order_value',
      '--before',
      '2024-07-05:2024-10-02',
      '--after',
      '2024-10-03:2024-12-31',
      '--event',
      'checkout redesign@2024-10-03:orders',
      '--controls',
      'traffic,price',
      '--required',
      'weather->traffic@0',
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      change: number;
      drivers: { driver: string; evidence: string; contribution: number | null }[];
      narrative: string;
    };
    expect(result.change).toBeLessThan(0);
    expect(result.drivers.find((entry) => entry.driver === 'checkout redesign')?.evidence).toBe(
      'counterfactual',
    );
    expect(result.drivers.filter((entry) => entry.evidence === 'structural')).toHaveLength(2);
    expect(result.narrative).toMatch(/^revenue went from .* helps predict/);
  });

  it('decompose splits a revenue change into exact contributions', async () => {
    const { code, stdout } = await run(
      'evidence',
      'decompose',
      '--input',
      daily,
      '--formula',
      'traffic * conversion * value_per_order',
      '--formulas',
      'conversion=orders/traffic;value_per_order=revenue/orders',
      '--before',
      '2024-07-01:2024-09-30',
      '--after',
      '2024-10-03:2024-12-31',
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      change: number;
      residual: number;
      contributions: { contribution: number }[];
    };
    const total = result.contributions.reduce((sum, entry) => sum + entry.contribution, 0);
    expect(Math.abs(total - result.change)).toBeLessThan(1e-6 * Math.abs(result.change));
  });

  it('rejects an unknown subcommand and a missing target with exit code 2', async () => {
    expect((await run('evidence', 'why', '--input', daily)).code).toBe(2);
    const missing = await run('evidence', 'impact', '--input', daily, '--intervention', '2024-10-03');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--target/);
  });
});
