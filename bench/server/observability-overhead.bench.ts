// What the Prometheus hooks cost a request: the observation itself against prom-client's (the reference, same run),
// the query timer per query, and an HTTP route served with and without the hooks under autocannon.
import { createRequire } from 'node:module';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import type { QueryId, RootOperationNode } from 'kysely';
import { registerHttpMetrics } from '../../examples/server/src/observability/http-metrics.js';
import { LatencyHistogram } from '../../examples/server/src/observability/latency-histogram.js';
import { createQueryTimingPlugin } from '../../examples/server/src/observability/query-timing-plugin.js';
import { createServerMetrics } from '../../examples/server/src/observability/server-metrics.js';

// fastify and prom-client are the server's dependencies, not the workspace root's.
const requireFromServer = createRequire(new URL('../../examples/server/package.json', import.meta.url));
const Fastify = requireFromServer('fastify') as typeof import('fastify').default;
const { Histogram, Registry } = requireFromServer('prom-client') as typeof import('prom-client');

function nanosPerCall(calls: number, run: (index: number) => void): number {
  for (let index = 0; index < calls / 10; index += 1) run(index);
  const started = process.hrtime.bigint();
  for (let index = 0; index < calls; index += 1) run(index);
  return Number(process.hrtime.bigint() - started) / calls;
}

async function serve(withMetrics: boolean): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  if (withMetrics) registerHttpMetrics(app, createServerMetrics());
  const body = { metric: 'revenue', points: [{ ts: '2026-01-01T00:00:00.000Z', value: 1 }] };
  app.get('/v1/metrics/:metric', async () => body);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { app, url: `http://127.0.0.1:${address.port}/v1/metrics/revenue` };
}

async function load(url: string, seconds: number): Promise<{ rps: number; p50: number; p99: number }> {
  const result = await autocannon({ url, connections: 10, duration: seconds });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/** Runs the overhead bench; returns its report (markdown-ish lines). */
export async function runObservabilityOverheadBench(seconds = 5): Promise<string> {
  const lines: string[] = [];
  const calls = 5_000_000;
  const ours = new LatencyHistogram('bench_seconds', 'bench', ['method', 'route', 'status_code']);
  const series = ours.series('GET', '/v1/metrics/:metric', '200');
  const ourNs = nanosPerCall(calls, (index) => series.observe((index % 1000) / 10_000));
  const registry = new Registry();
  const reference = new Histogram({
    name: 'bench_reference_seconds',
    help: 'bench',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const child = reference.labels('GET', '/v1/metrics/:metric', '200');
  const referenceNs = nanosPerCall(calls / 5, (index) => child.observe((index % 1000) / 10_000));
  lines.push(
    `observation: ${ourNs.toFixed(1)} ns (LatencySeries) vs ${referenceNs.toFixed(1)} ns (prom-client child.observe, reference) = ${(referenceNs / ourNs).toFixed(1)}x`,
  );

  // The per-route onResponse hook itself, captured from registerHttpMetrics through a minimal onRoute host.
  const hooks: { onRoute?: (route: Record<string, unknown>) => void } = {};
  const host = { addHook: (name: string, hook: never) => Object.assign(hooks, { [name]: hook }) };
  registerHttpMetrics(host as unknown as FastifyInstance, createServerMetrics());
  const route: Record<string, unknown> = { method: 'GET', url: '/v1/metrics/:metric' };
  hooks.onRoute?.(route);
  const hook = (route.onResponse as ((request: unknown, reply: unknown, done: () => void) => void)[])[0];
  if (hook === undefined) throw new Error('no onResponse hook');
  const request = { method: 'GET' };
  const reply = { statusCode: 200, elapsedTime: 1.234 };
  const done = () => {};
  const hookNs = nanosPerCall(calls, () => hook(request, reply, done));
  lines.push(
    `route onResponse hook (series lookup + observation; Fastify's elapsedTime getter not included): ${hookNs.toFixed(1)} ns`,
  );

  const plugin = createQueryTimingPlugin(new LatencyHistogram('bench_query_seconds', 'bench', ['operation']));
  const node = { kind: 'RawNode' } as unknown as RootOperationNode;
  const result = { rows: [] };
  let pending = Promise.resolve(result as never);
  const queryNs = nanosPerCall(calls / 5, () => {
    const queryId: QueryId = { queryId: 'bench' };
    plugin.transformQuery({ node, queryId });
    pending = plugin.transformResult({ result, queryId }) as never;
  });
  await pending;
  lines.push(`query timer (transformQuery + transformResult, one query): ${queryNs.toFixed(0)} ns`);

  const rounds: Record<'off' | 'on', { rps: number; p50: number; p99: number }[]> = { off: [], on: [] };
  for (const withMetrics of [false, true, false, true]) {
    const { app, url } = await serve(withMetrics);
    await load(url, 1);
    rounds[withMetrics ? 'on' : 'off'].push(await load(url, seconds));
    await app.close();
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  for (const key of ['off', 'on'] as const) {
    const runs = rounds[key];
    lines.push(
      `GET /v1/metrics/:metric (static body, autocannon 10 connections, ${seconds} s x 2, same process) metrics ${key}: ${mean(runs.map((run) => run.rps)).toFixed(0)} req/s, p50 ${mean(runs.map((run) => run.p50)).toFixed(2)} ms, p99 ${mean(runs.map((run) => run.p99)).toFixed(2)} ms (runs: ${runs.map((run) => run.rps.toFixed(0)).join(', ')})`,
    );
  }
  const off = mean(rounds.off.map((run) => run.rps));
  const on = mean(rounds.on.map((run) => run.rps));
  lines.push(
    `per-request cost implied by the throughput difference: ${(((1 / on - 1 / off) * 1e9) / 1000).toFixed(2)} us (noise on a shared 2-core machine is of the same order)`,
  );
  return lines.join('\n');
}
