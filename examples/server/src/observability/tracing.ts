import { createRequire } from 'node:module';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { FastifyPluginCallback } from 'fastify';

/** Options of {@link startTracing}. */
export interface TracingOptions {
  /**
   * OTLP/HTTP base URL (spans go to `<endpoint>/v1/traces`, as JSON); default `OTEL_EXPORTER_OTLP_ENDPOINT`.
   * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, when set, wins as the full URL (the exporter's own rule).
   */
  readonly endpoint?: string;
  /** `service.name` of every span; default `OTEL_SERVICE_NAME`, else `dyocense-server`. */
  readonly serviceName?: string;
}

/** Process-wide tracing: the Fastify plugin that makes route spans, and how to flush and stop. */
export interface Tracing {
  /** Register on a server before its routes: spans for each request (named by route pattern) and its hooks. */
  readonly fastifyPlugin: FastifyPluginCallback;
  /** Exports the spans buffered so far. */
  flush(): Promise<void>;
  /** Exports the spans still buffered, then stops tracing. Safe to call twice. */
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/** Probes and scrapes: high-rate noise, so they get no spans. */
const quietPaths = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Starts OpenTelemetry tracing for this process: HTTP server and client spans, a span per pg query (both database
 * engines, PGlite speaks through node-postgres too) and per Fastify request, exported in batches over OTLP/HTTP.
 * Returns undefined when no endpoint is configured; a second call returns the running instance.
 *
 * Works without an `--import` loader hook: the instrumented CommonJS modules (`pg`, `pg-pool`, `http`) are
 * required once more after the instrumentations are enabled, which patches their shared prototypes even when
 * ESM code loaded them first.
 *
 * @example
 * const tracing = startTracing(); // reads OTEL_EXPORTER_OTLP_ENDPOINT
 * const app = await buildServer({ db, auth, ...(tracing ? { tracing } : {}) });
 */
export function startTracing(options: TracingOptions = {}): Tracing | undefined {
  if (active !== undefined) return active;
  const endpoint = options.endpoint ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint === undefined || endpoint === '') return undefined;
  const tracesUrl =
    process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || `${endpoint.replace(/\/+$/, '')}/v1/traces`;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName ?? (process.env.OTEL_SERVICE_NAME || 'dyocense-server'),
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl }))],
  });
  provider.register();
  const fastify = new FastifyOtelInstrumentation({
    registerOnInitialization: false,
    ignorePaths: (route) => quietPaths.has(route.url),
  });
  const disable = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => quietPaths.has((request.url ?? '').split('?', 1)[0] ?? ''),
      }),
      new PgInstrumentation({ requireParentSpan: true }),
      fastify,
    ],
  });
  patchLoadedModules();
  let stopping: Promise<void> | undefined;
  const tracing: Tracing = {
    fastifyPlugin: fastify.plugin(),
    flush: () => provider.forceFlush(),
    shutdown() {
      stopping ??= (async () => {
        disable();
        await provider.shutdown();
        // The globals go too, so a later startTracing in this process can register its own.
        trace.disable();
        context.disable();
        propagation.disable();
        if (active === tracing) active = undefined;
      })();
      return stopping;
    },
  };
  active = tracing;
  return tracing;
}

function patchLoadedModules(): void {
  const require = createRequire(import.meta.url);
  require('node:http');
  // pg is core's dependency: resolved from core, so the copy patched is the one the database handles use.
  const fromCore = createRequire(require.resolve('@dyocense/core/package.json'));
  const fromPg = createRequire(fromCore.resolve('pg'));
  fromCore('pg');
  fromPg('pg-pool');
}
