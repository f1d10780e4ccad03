import { DyocenseError } from '@dyocense/core';
import { AuthenticationError, hasRole, type Principal, type Role } from './auth.js';

/**
 * How a read route admits embed tokens (`embed` in its spec): `metric` when its `:metric` path parameter must be
 * one of the token's metrics, `metric-list` when it lists metric-bearing items and the answer keeps only the
 * token's metrics, `stored-metric` when it reads one stored item whose metric its handler checks with
 * {@link assertEmbedMetric}. Routes without it refuse embed tokens.
 */
export type EmbedAccess = 'metric' | 'metric-list' | 'stored-metric';

/** What the authentication hook knows about the route a request reached. */
export interface RouteAccess {
  /** Least role; absent on public routes. */
  readonly role?: Role | undefined;
  readonly embed?: EmbedAccess | undefined;
}

/**
 * Checks that `principal` may call a route with `access`, given the request's path parameters.
 *
 * @throws AuthenticationError (401) for an embed token on a route that does not admit embed tokens.
 * @throws DyocenseError `forbidden` (403) for a role below the route's, or a metric the embed token does not list.
 */
export function assertRouteAllows(principal: Principal, access: RouteAccess, params: unknown): void {
  // The token's kind first: an embed token on another route is the wrong token, whatever that route's role.
  if (principal.embed !== undefined && access.embed === undefined) {
    throw new AuthenticationError('Invalid token: embed tokens are accepted only on metric read routes');
  }
  if (access.role !== undefined && !hasRole(principal.role, access.role)) {
    throw new DyocenseError({
      code: 'forbidden',
      message: `This route needs the ${access.role} role or higher`,
    });
  }
  if (access.embed === 'metric') {
    assertEmbedMetric(principal, (params as { metric?: unknown } | undefined)?.metric);
  }
}

/**
 * Checks that an embed token lists `metric`; any other principal passes.
 *
 * @throws DyocenseError `forbidden` (403) when `principal` is an embed token without `metric`.
 */
export function assertEmbedMetric(principal: Principal, metric: unknown): void {
  if (principal.embed === undefined) return;
  if (typeof metric !== 'string' || !principal.embed.metrics.includes(metric)) {
    throw new DyocenseError({
      code: 'forbidden',
      message: `This embed token does not allow metric "${String(metric)}"; it allows ${principal.embed.metrics.join(', ')}`,
    });
  }
}

function metricOf(item: unknown): string {
  const metric = (item as { metric?: unknown } | null)?.metric;
  return typeof metric === 'string' ? metric : '';
}

/**
 * Keeps, in every top-level array of `result`, only the items whose `metric` the embed token lists (a
 * `metric-list` route's answer); other values pass through unchanged.
 */
export function keepEmbeddedMetrics(result: unknown, metrics: readonly string[]): unknown {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return result;
  const allowed = new Set(metrics);
  return Object.fromEntries(
    Object.entries(result).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.filter((item) => allowed.has(metricOf(item))) : value,
    ]),
  );
}
