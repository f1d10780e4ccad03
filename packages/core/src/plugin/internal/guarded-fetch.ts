import { DyocenseError } from '../../errors/index.js';
import type { PluginFetchV1 } from '../spec/context-v1.js';
import { isDnsHostname } from './identifiers.js';

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const credentialHeaders = ['authorization', 'cookie', 'proxy-authorization'];
const bodyHeaders = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

/** True when `hostname` (lower case, as `URL` gives it) matches an `allowedHosts` entry. */
export function isHostAllowed(hostname: string, allowedHosts: readonly string[]): boolean {
  const host = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (!isDnsHostname(host)) return false;
  return allowedHosts.some((entry) =>
    entry.startsWith('*.') ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : host === entry,
  );
}

function forbidden(url: string, reason: string, pluginId: string, extra: Record<string, unknown> = {}) {
  return new DyocenseError({
    code: 'forbidden',
    message: `Plugin ${pluginId} may not fetch ${url}: ${reason}`,
    details: { pluginId, url, ...extra },
  });
}

function toUrl(input: string | URL | Request, pluginId: string): URL {
  const text = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  try {
    return new URL(text);
  } catch (error) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Plugin ${pluginId} passed an invalid URL to fetch: ${JSON.stringify(String(text))}`,
      cause: error,
    });
  }
}

function assertAllowed(url: URL, allowedHosts: readonly string[], pluginId: string, extra = {}): void {
  // Report the URL without credentials: they may be secrets.
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw forbidden(shown, `only http and https are allowed, not ${url.protocol}`, pluginId, extra);
  }
  if (url.username !== '' || url.password !== '') {
    throw forbidden(shown, 'URLs with embedded credentials are refused', pluginId, extra);
  }
  if (url.hostname.startsWith('[') || !isDnsHostname(url.hostname.replace(/\.$/, ''))) {
    throw forbidden(
      shown,
      'IP addresses are refused; declare a host name in permissions.allowedHosts',
      pluginId,
      extra,
    );
  }
  if (!isHostAllowed(url.hostname, allowedHosts)) {
    const declared = allowedHosts.length === 0 ? 'none' : allowedHosts.join(', ');
    throw forbidden(
      shown,
      `host ${url.hostname} is not in permissions.allowedHosts (declared: ${declared})`,
      pluginId,
      extra,
    );
  }
}

/** Options of {@link createGuardedFetch}. */
export interface GuardedFetchOptions {
  readonly pluginId: string;
  readonly allowedHosts: readonly string[];
  readonly fetch: typeof globalThis.fetch;
  readonly signal: AbortSignal;
  readonly maxRedirects: number;
}

/**
 * A fetch that only reaches `allowedHosts`. Redirects are never left to the underlying fetch: every hop is
 * requested with `redirect: 'manual'` and its target checked before it is followed (credentials are dropped
 * when the origin changes). A redirect whose target cannot be read (a browser's opaque redirect) is refused.
 */
export function createGuardedFetch(options: GuardedFetchOptions): PluginFetchV1 {
  const { pluginId, allowedHosts, maxRedirects } = options;
  const baseFetch = options.fetch;
  return async (input, init) => {
    let url = toUrl(input, pluginId);
    assertAllowed(url, allowedHosts, pluginId);
    const mode = init?.redirect ?? (input instanceof Request ? input.redirect : 'follow');
    const signals = [options.signal];
    if (init?.signal) signals.push(init.signal);
    if (input instanceof Request) signals.push(input.signal);
    const signal = AbortSignal.any(signals);
    let request = new Request(input, { ...init, redirect: 'manual', signal });
    for (let hop = 0; ; hop++) {
      const spare = request.body === null ? undefined : request.clone();
      const response = await baseFetch(request);
      if (response.type === 'opaqueredirect') {
        throw forbidden(
          url.href,
          'the redirect target cannot be checked against permissions.allowedHosts',
          pluginId,
        );
      }
      if (!redirectStatuses.has(response.status) || mode === 'manual') return response;
      const location = response.headers.get('location');
      if (location === null) return response;
      if (mode === 'error') {
        await response.body?.cancel();
        throw new TypeError(`fetch failed: ${url.host} redirected and the redirect mode is "error"`);
      }
      if (hop >= maxRedirects) {
        await response.body?.cancel();
        throw new TypeError(`fetch failed: more than ${maxRedirects} redirects starting from ${url.host}`);
      }
      const next = toUrl(new URL(location, url).href, pluginId);
      await response.body?.cancel();
      assertAllowed(next, allowedHosts, pluginId, {
        redirectedFrom: `${url.protocol}//${url.host}${url.pathname}`,
      });
      const headers = new Headers(request.headers);
      let method = request.method;
      let body: ArrayBuffer | null = null;
      const toGet =
        ((response.status === 301 || response.status === 302) && method === 'POST') ||
        (response.status === 303 && method !== 'GET' && method !== 'HEAD');
      if (toGet) {
        method = 'GET';
        for (const name of bodyHeaders) headers.delete(name);
      } else if (spare !== undefined) {
        body = await spare.arrayBuffer();
      }
      if (next.origin !== url.origin) for (const name of credentialHeaders) headers.delete(name);
      request = new Request(next, { method, headers, body, redirect: 'manual', signal });
      url = next;
    }
  };
}
