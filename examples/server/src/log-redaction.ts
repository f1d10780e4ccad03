import type { FastifyServerOptions } from 'fastify';

/** What replaces a redacted value in the JSON logs. */
export const redactedValue = '[redacted]';

/** Object keys whose values are secrets wherever they appear (up to three levels deep). */
export const secretLogKeys = [
  'authorization',
  'cookie',
  'password',
  'secret',
  'secrets',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'apiKey',
  'api_key',
  'clientSecret',
  'client_secret',
  'privateKey',
  'private_key',
] as const;

/** Query parameters whose values never reach the log (OAuth callbacks, signed links, keys in URLs). */
const secretQueryParameters = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'code',
  // An OAuth callback's state carries the secret that completes a pending connection (routes/oauth.ts).
  'state',
  'client_secret',
  'api_key',
  'apikey',
  'key',
  'password',
  'signature',
  'sig',
]);

const identifier = /^[A-Za-z_$][\w$]*$/;
const pathPart = (key: string) => (identifier.test(key) ? `.${key}` : `["${key.replace(/"/g, '\\"')}"]`);

/** pino redaction paths for `keys`: the key at the top level and under one or two levels of any object. */
export function redactionPaths(keys: readonly string[]): string[] {
  const paths = [
    'req.headers.authorization',
    'req.headers.cookie',
    'req.headers["proxy-authorization"]',
    'req.headers["x-api-key"]',
    'res.headers["set-cookie"]',
  ];
  for (const key of new Set(keys)) {
    const part = pathPart(key);
    paths.push(part.startsWith('.') ? part.slice(1) : part, `*${part}`, `*.*${part}`);
  }
  return paths;
}

/** `url` with the values of secret query parameters replaced by {@link redactedValue}. */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const query = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const [name = '', ...rest] = pair.split('=');
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed escape is kept as written; its value is redacted below only if the raw name matches.
      }
      return rest.length > 0 && secretQueryParameters.has(decoded.toLowerCase())
        ? `${name}=${encodeURIComponent(redactedValue)}`
        : pair;
    })
    .join('&');
  return `${url.slice(0, start)}?${query}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
  headers: Record<string, unknown>;
}

/** Fastify's request fields plus the headers (secret ones redacted by path), with secret query values masked. */
function serializeRequest(request: LoggedRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
    headers: { ...request.headers },
  };
}

/**
 * Fastify's `logger` option with secret redaction: authorization and cookie headers, the values of
 * {@link secretLogKeys} and of every connector secret field (`secretFields`) in any logged object (top level and
 * two levels down, e.g. `config.apiKey` in a logged data source), and secret query parameters in request URLs.
 * `false`/`undefined` stay off; a pino options object keeps its settings, its own redaction paths are added to.
 */
export function withLogRedaction(
  logger: FastifyServerOptions['logger'],
  secretFields: readonly string[],
): boolean | Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  if (logger === undefined || logger === false) return false;
  const given = logger === true ? {} : logger;
  const ownRedact = given.redact;
  const ownPaths = Array.isArray(ownRedact) ? ownRedact : (ownRedact?.paths ?? []);
  return {
    ...given,
    redact: {
      paths: [...ownPaths, ...redactionPaths([...secretLogKeys, ...secretFields])],
      censor: redactedValue,
    },
    serializers: { req: serializeRequest as never, ...given.serializers },
  };
}
