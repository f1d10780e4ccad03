import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
  RouteOptions,
} from 'fastify';
import type { LatencyHistogram, LatencySeries } from './latency-histogram.js';
import type { ServerMetrics } from './server-metrics.js';

type Hooks<T> = T | T[] | undefined;

function appendHook<T>(existing: Hooks<T>, hook: T): T[] {
  if (existing === undefined) return [hook];
  return Array.isArray(existing) ? [...existing, hook] : [existing, hook];
}

/** Series of one route pattern, per method and status code, made on first use. */
function routeSeries(histogram: LatencyHistogram, route: string) {
  const byMethod = new Map<string, Map<number, LatencySeries>>();
  return (method: string, status: number): LatencySeries => {
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) {
      byStatus = new Map();
      byMethod.set(method, byStatus);
    }
    let series = byStatus.get(status);
    if (series === undefined) {
      series = histogram.series(method, route, String(status));
      byStatus.set(status, series);
    }
    return series;
  };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Times every response into `metrics.httpRequests`, labelled by route pattern (never the raw URL): each route
 * gets its own `onResponse` hook with its series looked up once per method and status, so a request costs two
 * map lookups and one observation. Requests outside every route count under `unmatched`. Also counts the
 * business events that routes answer: points ingested (from the ingest routes' `inserted`/`updated` answer) and
 * forecasts created. Call before any route is registered.
 */
export function registerHttpMetrics(app: FastifyInstance, metrics: ServerMetrics): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const seriesOf = routeSeries(metrics.httpRequests, route.url ?? 'unmatched');
    const observe = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      seriesOf(request.method, reply.statusCode).observe(reply.elapsedTime / 1000);
      done();
    };
    route.onResponse = appendHook(route.onResponse, observe);

    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST')) return;
    if (route.url === '/v1/metrics' || route.url === '/v1/metrics/upload') {
      route.preSerialization = appendHook(
        route.preSerialization,
        (_request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
          if (reply.statusCode < 300 && typeof payload === 'object' && payload !== null) {
            const answer = payload as { inserted?: unknown; updated?: unknown };
            metrics.metricPointsIngested.inc({ result: 'inserted' }, count(answer.inserted));
            metrics.metricPointsIngested.inc({ result: 'updated' }, count(answer.updated));
          }
          done(null, payload);
        },
      );
    } else if (route.url === '/v1/forecasts') {
      route.onResponse = appendHook(
        route.onResponse,
        (_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
          if (reply.statusCode === 201) metrics.forecastsCreated.inc();
          done();
        },
      );
    }
  });

  const unmatched = routeSeries(metrics.httpRequests, 'unmatched');
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) unmatched(request.method, reply.statusCode).observe(reply.elapsedTime / 1000);
    done();
  });
}
