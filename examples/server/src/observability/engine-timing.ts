import type { FastifyInstance } from 'fastify';
import type { EngineName, ServerMetrics } from './server-metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's Prometheus metrics; null when built with `metrics: false`. */
    serverMetrics: ServerMetrics | null;
  }
}

/**
 * `engine` wrapped so each synchronous call is timed into the server's engine metrics (as succeeded or failed);
 * `engine` itself when the server has no metrics. For CPU-bound engines run on the request thread (evidence).
 *
 * @example
 * const result = withEngineTiming(app, 'evidence', explainChange)(input);
 */
export function withEngineTiming<Arguments extends unknown[], Result>(
  app: FastifyInstance,
  engine: EngineName,
  run: (...input: Arguments) => Result,
): (...input: Arguments) => Result {
  const metrics = app.serverMetrics;
  if (metrics === null || metrics === undefined) return run;
  return (...input) => {
    const started = performance.now();
    let outcome: 'succeeded' | 'failed' = 'failed';
    try {
      const result = run(...input);
      outcome = 'succeeded';
      return result;
    } finally {
      metrics.recordEngineRun(engine, outcome, (performance.now() - started) / 1000);
    }
  };
}
