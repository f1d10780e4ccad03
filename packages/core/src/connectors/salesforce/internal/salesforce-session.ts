import { DyocenseError, type ErrorCode } from '../../../errors/index.js';
import type { LogMessageV1 } from '../../../plugin/spec/connector-v1.js';
import type { PluginContextV1 } from '../../../plugin/spec/context-v1.js';
import { sleep } from '../../internal/sleep.js';
import type { SalesforceConfig } from '../salesforce-config.js';
import { refreshSalesforceAccessToken } from '../salesforce-oauth.js';
import type { RefreshTokenRotationHandler } from '../salesforce-rotation.js';

/** Options of {@link createSalesforceSession}. */
export interface SalesforceSessionOptions {
  readonly onRefreshTokenRotated?: RefreshTokenRotationHandler;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

/** An authenticated REST session for one `check`, `discover` or `read` call. */
export interface SalesforceSession {
  /** Origin the REST calls go to (the token response's `instance_url`, else the configured one). */
  readonly instanceUrl: () => string;
  /** `GET` of a path under the instance (e.g. `/services/data/v62.0/limits`), parsed as JSON. */
  getJson(path: string, headers?: Readonly<Record<string, string>>): Promise<unknown>;
  /** Log lines gathered since the last call (token rotation, back-off), for `read` to emit. */
  takeLogs(): LogMessageV1[];
}

interface SalesforceApiError {
  readonly message: string;
  readonly errorCode: string;
}

function apiErrorsOf(body: unknown): SalesforceApiError[] {
  const items = Array.isArray(body) ? body : [body];
  return items.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { message, errorCode } = item as Record<string, unknown>;
    return typeof errorCode === 'string'
      ? [{ message: typeof message === 'string' ? message : '', errorCode }]
      : [];
  });
}

/** Error codes Salesforce answers for queries the configuration cannot make (wrong object, field, version). */
const configErrorCodes = new Set([
  'INVALID_FIELD',
  'INVALID_TYPE',
  'MALFORMED_QUERY',
  'INVALID_QUERY_FILTER_OPERATOR',
  'NOT_FOUND',
  'API_DISABLED_FOR_ORG',
  'INSUFFICIENT_ACCESS',
  'FUNCTIONALITY_NOT_ENABLED',
]);

function errorCodeFor(status: number, salesforceCode: string | undefined): ErrorCode {
  if (status === 404 || salesforceCode === 'NOT_FOUND') return 'not_found';
  if (status === 401 || status === 403) return 'forbidden';
  if (salesforceCode !== undefined && configErrorCodes.has(salesforceCode)) return 'invalid_input';
  if (status >= 500) return 'unavailable';
  return 'invalid_input';
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Opens a session: the access token is fetched lazily with the refresh-token grant and reused; a 401 from the
 * API (`INVALID_SESSION_ID`: the access token expired or was revoked) triggers one refresh and one retry of
 * that request; HTTP 429, `REQUEST_LIMIT_EXCEEDED` (403) and 503 are retried up to `maxRetries` times with
 * exponential back-off, full jitter and a cap (a `Retry-After` header is honoured up to the cap).
 */
export function createSalesforceSession(
  context: PluginContextV1,
  config: SalesforceConfig,
  options: SalesforceSessionOptions = {},
): SalesforceSession {
  const random = options.random ?? Math.random;
  const logs: LogMessageV1[] = [];
  const note = (level: LogMessageV1['level'], message: string) => {
    logs.push({ type: 'log', level, message });
    context.logger[level](message);
  };
  let refreshToken = config.refreshToken ?? secret(context, 'refreshToken');
  const clientSecret = config.clientSecret ?? secret(context, 'clientSecret');
  let instanceUrl = config.instanceUrl;
  let accessToken: string | undefined;

  async function refresh(): Promise<string> {
    if (refreshToken === undefined) {
      throw new DyocenseError({
        code: 'invalid_input',
        message:
          'No Salesforce refresh token: connect the Salesforce account (the token is read from the refreshToken config field or secret)',
      });
    }
    const tokens = await refreshSalesforceAccessToken(context, {
      loginUrl: config.loginUrl,
      clientId: config.clientId,
      refreshToken,
      ...(clientSecret === undefined ? {} : { clientSecret }),
    });
    instanceUrl = tokens.instanceUrl;
    if (tokens.refreshToken !== undefined && tokens.refreshToken !== refreshToken) {
      const previousRefreshToken = refreshToken;
      refreshToken = tokens.refreshToken;
      if (options.onRefreshTokenRotated === undefined) {
        note(
          'warn',
          'Salesforce rotated the refresh token but the host set no onRefreshTokenRotated handler: the next sync will need a reconnection',
        );
      } else {
        await options.onRefreshTokenRotated(
          {
            previousRefreshToken,
            refreshToken: tokens.refreshToken,
            instanceUrl: tokens.instanceUrl,
            ...(tokens.issuedAt === undefined ? {} : { issuedAt: tokens.issuedAt }),
          },
          context,
        );
        note('info', 'Salesforce rotated the refresh token; the host stored the new one');
      }
    }
    accessToken = tokens.accessToken;
    return tokens.accessToken;
  }

  async function getJson(path: string, headers: Readonly<Record<string, string>> = {}): Promise<unknown> {
    if (!path.startsWith('/services/')) {
      throw new DyocenseError({
        code: 'internal',
        message: `Refusing to request ${path} outside /services/`,
      });
    }
    let refreshedAfter401 = false;
    let retries = 0;
    for (;;) {
      context.signal.throwIfAborted();
      const token = accessToken ?? (await refresh());
      const url = new URL(path, instanceUrl).href;
      let response: Response;
      try {
        response = await context.fetch(url, {
          headers: { ...headers, authorization: `Bearer ${token}`, accept: 'application/json' },
          signal: context.signal,
        });
      } catch (error) {
        if (context.signal.aborted || DyocenseError.isInstance(error)) throw error;
        throw new DyocenseError({
          code: 'unavailable',
          message: `Could not reach Salesforce at ${new URL(instanceUrl).host}: ${(error as Error).message}`,
          cause: error,
        });
      }
      if (response.ok) return readBody(response);
      const errors = apiErrorsOf(await readBody(response));
      const salesforceCode = errors[0]?.errorCode;
      const reason =
        errors[0] === undefined ? `HTTP ${response.status}` : `${salesforceCode}: ${errors[0].message}`;
      if (response.status === 401 && !refreshedAfter401) {
        // Access tokens expire (session timeout) or get revoked; one refresh tells that apart from a revoked grant.
        refreshedAfter401 = true;
        note('info', `Salesforce answered ${reason}; refreshing the access token once`);
        accessToken = undefined;
        continue;
      }
      const limited =
        response.status === 429 ||
        response.status === 503 ||
        (response.status === 403 && salesforceCode === 'REQUEST_LIMIT_EXCEEDED');
      if (limited && retries < config.maxRetries) {
        const ceiling = Math.min(config.retryMaxDelayMs, config.retryBaseDelayMs * 2 ** retries);
        const jittered = random() * ceiling;
        const asked = retryAfterMs(response);
        const delay = Math.round(Math.min(config.retryMaxDelayMs, Math.max(asked ?? 0, jittered)));
        retries += 1;
        note(
          'warn',
          `Salesforce answered ${reason}; retry ${retries} of ${config.maxRetries} in ${delay} ms`,
        );
        await sleep(delay, context.signal);
        continue;
      }
      throw new DyocenseError({
        code: limited ? 'unavailable' : errorCodeFor(response.status, salesforceCode),
        message: limited
          ? `Salesforce API limit: ${reason} (gave up after ${retries} retries; the next sync resumes from the last checkpoint)`
          : `Salesforce refused ${new URL(url).pathname}: ${reason}`,
        details: {
          status: response.status,
          ...(salesforceCode === undefined ? {} : { errorCode: salesforceCode }),
        },
      });
    }
  }

  return {
    instanceUrl: () => instanceUrl,
    getJson,
    takeLogs: () => logs.splice(0, logs.length),
  };
}

/** A declared secret's value; `undefined` when the host holds none or did not declare it for this context. */
function secret(context: PluginContextV1, name: string): string | undefined {
  try {
    return context.secrets.get(name);
  } catch {
    return undefined;
  }
}
