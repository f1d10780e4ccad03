import { parseInput } from '@dyocense/core';
import type { DyocenseSchema } from '@dyocense/core/db';
import type { PluginContextV1 } from '@dyocense/core/plugin';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { ServerConnector } from '../data-sources/connector-catalog.js';
import {
  finishOAuthConnect,
  type OAuthConnectDependencies,
  startOAuthConnect,
} from '../data-sources/oauth-connect.js';
import { defaultConnectorContext } from '../jobs/sync-runner.js';
import { addRoute, type RegisteredRoute } from '../route.js';
import { idParams } from './common.js';
import type { DataSourceRouteOptions } from './data-sources.js';

/** The path providers redirect back to; register `<public URL>/v1/oauth/callback` with the OAuth apps. */
export const oauthCallbackPath = '/v1/oauth/callback';

/** What the OAuth routes need beyond the data-source options. */
export interface OAuthRouteOptions {
  /**
   * The server's public origin (`https://dyocense.example.com`), from which the callback URL is made; default
   * `DYOCENSE_PUBLIC_URL`. Without one, connecting answers 400.
   */
  readonly publicUrl?: string | undefined;
  /** The context the code exchange fetches through; default {@link defaultConnectorContext} (the plugin's hosts). */
  readonly contextFor?: ((connector: ServerConnector, signal: AbortSignal) => PluginContextV1) | undefined;
}

const callbackQuery = z.object({
  state: z.string().min(1).max(500),
  code: z.string().min(1).max(2_000).optional(),
  error: z.string().min(1).max(200).optional(),
});

function redirectUriOf(publicUrl: string | undefined): string | undefined {
  const base = publicUrl ?? process.env.DYOCENSE_PUBLIC_URL;
  if (base === undefined || base === '') return undefined;
  return new URL(oauthCallbackPath, base.endsWith('/') ? base : `${base}/`).href;
}

/**
 * OAuth2 connection of Salesforce and Google Drive data sources: an admin starts it (`POST .../oauth/start`, which
 * answers the provider's authorize URL), the provider redirects the browser to `GET /v1/oauth/callback`, which
 * carries no bearer token: the single-use `state` is its credential (see oauth-states.ts). The refresh token is
 * stored sealed and never answered or logged.
 */
export function registerOAuthRoutes(
  app: FastifyInstance,
  db: Kysely<DyocenseSchema>,
  registry: RegisteredRoute[],
  options: DataSourceRouteOptions & OAuthRouteOptions,
): void {
  const dependencies: OAuthConnectDependencies = {
    db,
    connectors: options.connectors,
    keyring: options.keyring,
    redirectUri: redirectUriOf(options.publicUrl),
    contextFor: options.contextFor ?? ((connector, signal) => defaultConnectorContext(connector, signal)),
  };

  addRoute(app, registry, {
    method: 'POST',
    url: '/v1/data-sources/:id/oauth/start',
    summary:
      "Start connecting a Salesforce or Google Drive data source with OAuth2 (authorisation code with PKCE): answers the provider's authorize URL to send the admin's browser to; the provider redirects back to /v1/oauth/callback, which stores the refresh token sealed. The state is single use and expires after 10 minutes",
    tag: 'data-sources',
    role: 'admin',
    params: idParams,
    status: 200,
    response: z.object({ authorizeUrl: z.string(), expiresAt: z.string() }),
    handler: ({ params, principal }) =>
      startOAuthConnect(
        dependencies,
        { tenantId: principal.tenantId, subject: principal.subject },
        params.id,
      ),
  });

  // Not an `addRoute` route: the browser arrives from the provider without a bearer token (no `role`, so the
  // authentication hook lets it through); the state authenticates it. The request log redacts its `code` and `state` (log-redaction.ts).
  app.get(oauthCallbackPath, async (request, reply) => {
    const query = parseInput(callbackQuery, request.query, 'query');
    const abort = new AbortController();
    request.raw.once('close', () => abort.abort());
    const connected = await finishOAuthConnect(dependencies, query, abort.signal);
    reply.header('cache-control', 'no-store');
    return { connected: true, ...connected };
  });
}
