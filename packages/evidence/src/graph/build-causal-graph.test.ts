import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTruth, readWide } from '../__fixtures__/evidence-fixtures.js';
import { buildCausalGraph } from './build-causal-graph.js';

const daily = readWide('daily.csv');
const truth = readTruth();

describe('buildCausalGraph', () => {
  const graph = buildCausalGraph({
    series: daily.series,
    dates: [...daily.dates],
    maxLag: 7,
    formulas: { revenue: 'orders * average_order_value' },
    required: [{ source: 'weather', target: 'traffic', lag: 0, sign: 1 }],
    forbidden: [{ source: 'traffic', target: 'weather' }],
  });
  const dataEdges = graph.edges.filter((edge) => edge.evidence === 'precedes');
  const has = (source: string, target: string) =>
    graph.edges.some((edge) => edge.source === source && edge.target === target);

  it('recovers every true direct lagged edge from conditional Granger on differences', () => {
    for (const [source, target] of truth.direct_lagged_edges) expect(has(source, target)).toBe(true);
    expect(graph.granger.differenced).toHaveLength(8);
  });

  it('keeps data edges mostly among true ancestral pairs and away from the unrelated random walk', () => {
    const ancestral = new Set(truth.ancestral_pairs.map(([source, target]) => `${source}→${target}`));
    const correct = dataEdges.filter((edge) => ancestral.has(`${edge.source}→${edge.target}`)).length;
    expect(correct / dataEdges.length).toBeGreaterThanOrEqual(0.8);
    expect(dataEdges.some((edge) => edge.source === 'followers' || edge.target === 'followers')).toBe(false);
  });

  it('labels data edges with lag, sign, adjusted p-value and strength', () => {
    const spend = dataEdges.find((edge) => edge.source === 'marketing_spend' && edge.target === 'traffic');
    expect(spend?.lag).toBe(1);
    expect(spend?.sign).toBe(1);
    expect(spend?.pValue).toBeLessThan(0.05);
    expect(spend?.strength).toBeGreaterThan(0);
    expect(spend?.strength).toBeLessThanOrEqual(1);
    expect(spend?.statement).toMatch(/helps predict/);
  });

  it('adds structural edges from the KPI formula and user edges, and drops forbidden ones', () => {
    const structural = graph.edges.filter((edge) => edge.evidence === 'structural');
    expect(structural.map((edge) => edge.source).sort()).toEqual(['average_order_value', 'orders']);
    expect(structural.every((edge) => edge.lag === 0 && edge.sign === 1 && edge.target === 'revenue')).toBe(
      true,
    );
    expect(graph.nodes).toContain('average_order_value');
    const user = graph.edges.find((edge) => edge.evidence === 'user');
    expect(user).toMatchObject({ source: 'weather', target: 'traffic', lag: 0, sign: 1 });
    expect(has('traffic', 'weather')).toBe(false);
  });

  it('gives a divided-by metric a negative structural sign', () => {
    const ratio = buildCausalGraph({ series: { a: [1, 2] }, formulas: { conversion: 'orders / sessions' } });
    expect(ratio.edges.find((edge) => edge.source === 'sessions')?.sign).toBe(-1);
    expect(ratio.edges.find((edge) => edge.source === 'orders')?.sign).toBe(1);
  });

  it('refuses edges naming unknown metrics and edges both required and forbidden', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return DyocenseError.isInstance(error) ? error.code : 'other';
      }
      return undefined;
    };
    expect(
      codeOf(() => buildCausalGraph({ series: daily.series, required: [{ source: 'x', target: 'orders' }] })),
    ).toBe('invalid_input');
    expect(
      codeOf(() =>
        buildCausalGraph({
          series: daily.series,
          required: [{ source: 'price', target: 'orders' }],
          forbidden: [{ source: 'price', target: 'orders' }],
        }),
      ),
    ).toBe('invalid_input');
  });

  it('returns valid edges or a DyocenseError for arbitrary series', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }).chain((length) =>
          fc.tuple(
            fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), {
              minLength: length,
              maxLength: length,
            }),
            fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), {
              minLength: length,
              maxLength: length,
            }),
          ),
        ),
        fc.integer({ min: 1, max: 3 }),
        ([a, b], maxLag) => {
          try {
            const result = buildCausalGraph({ series: { a, b }, maxLag });
            for (const edge of result.edges) {
              expect(edge.pValue === null || (edge.pValue >= 0 && edge.pValue <= 1)).toBe(true);
              expect(Number.isFinite(edge.lag)).toBe(true);
            }
          } catch (error) {
            if (!DyocenseError.isInstance(error)) throw error;
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
