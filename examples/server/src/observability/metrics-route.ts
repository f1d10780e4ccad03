import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AuthenticationError } from '../auth.js';
import type { ServerMetrics } from './server-metrics.js';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Serves `GET /metrics` (Prometheus text format) from `metrics`. With a `token`, a scrape must send
 * `Authorization: Bearer <token>` (compared in constant time) or gets 401; without one the route is open, which
 * suits a server listening on loopback only. Not rate limited: scrapers poll on a fixed interval.
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  metrics: ServerMetrics,
  options: { readonly token?: string | undefined } = {},
): void {
  const expected = options.token === undefined || options.token === '' ? undefined : digest(options.token);
  app.get('/metrics', { config: { rateLimit: false } }, async (request, reply) => {
    if (expected !== undefined) {
      const header = request.headers.authorization;
      const given = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '';
      if (!timingSafeEqual(digest(given), expected)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AuthenticationError('The metrics endpoint needs its bearer token (DYOCENSE_METRICS_TOKEN)');
      }
    }
    reply.type(metrics.contentType);
    return metrics.render();
  });
}
