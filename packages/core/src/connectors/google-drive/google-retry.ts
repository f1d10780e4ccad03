import { DyocenseError } from '../../errors/index.js';
import type { PluginLoggerV1 } from '../../plugin/spec/context-v1.js';
import { sleep } from '../internal/sleep.js';

/** How often and how long to back off from Google's rate limits and server errors. */
export interface GoogleRetryPolicy {
  /** Attempts of one request, the first included. Default 6. */
  readonly maxAttempts: number;
  /** First back-off; doubles on every retry (plus up to this much random jitter). Default 1000 ms. */
  readonly baseDelayMs: number;
  /** Cap of one back-off, `Retry-After` included. Default 32 000 ms (Google's suggested maximum). */
  readonly maxDelayMs: number;
}

/** Google's documented truncated exponential back-off: 1 s, 2 s, 4 s ... capped at 32 s, six attempts. */
export const defaultGoogleRetryPolicy: GoogleRetryPolicy = Object.freeze({
  maxAttempts: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 32_000,
});

// Drive answers 403 (not 429) for its per-user and per-project quotas; only these reasons are worth a retry.
const rateLimitReasons = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const retryableStatuses = new Set([429, 500, 502, 503, 504]);

/** The `error` object of a Google API error body, when there is one. */
export interface GoogleApiError {
  readonly status: number;
  readonly message: string;
  /** `errors[0].reason`, e.g. `userRateLimitExceeded`, `notFound`, `authError`. */
  readonly reason: string | undefined;
}

/** Reads Google's JSON error body (`{ error: { code, message, errors: [{ reason }] } }`) without throwing. */
export async function readGoogleApiError(response: Response): Promise<GoogleApiError> {
  const text = await response.text().catch(() => '');
  let message = text.slice(0, 300) || response.statusText;
  let reason: string | undefined;
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const body = error as { message?: unknown; errors?: { reason?: unknown }[]; status?: unknown };
      if (typeof body.message === 'string') message = body.message;
      const first = Array.isArray(body.errors) ? body.errors[0]?.reason : undefined;
      reason = typeof first === 'string' ? first : typeof body.status === 'string' ? body.status : undefined;
    }
  } catch {
    // Not JSON (a proxy's HTML page): keep the text.
  }
  return { status: response.status, message, reason };
}

function isRetryable(error: GoogleApiError): boolean {
  return (
    retryableStatuses.has(error.status) ||
    (error.status === 403 && error.reason !== undefined && rateLimitReasons.has(error.reason))
  );
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1_000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** The DyocenseError for a final Google API error: who must act (the user, or nobody but time). */
export function googleApiFailure(what: string, error: GoogleApiError, cause?: unknown): DyocenseError {
  const detail = `${what}: ${error.status}${error.reason === undefined ? '' : ` ${error.reason}`} ${error.message}`;
  const code =
    error.status === 401 || error.status === 403
      ? isRetryable(error)
        ? 'unavailable'
        : 'forbidden'
      : error.status === 404
        ? 'not_found'
        : error.status === 400
          ? 'invalid_input'
          : 'unavailable';
  return new DyocenseError({
    code,
    message: detail,
    details: { status: error.status, ...(error.reason === undefined ? {} : { reason: error.reason }) },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Options of {@link fetchGoogle}. */
export interface FetchGoogleOptions {
  readonly signal: AbortSignal;
  readonly logger: PluginLoggerV1;
  readonly policy: GoogleRetryPolicy;
  /** Says what is being requested, for log lines and errors (never a URL with a token). */
  readonly what: string;
}

/**
 * Sends a Google API request, retrying 429, 5xx and 403 `rateLimitExceeded`/`userRateLimitExceeded` with
 * truncated exponential back-off and jitter (honouring `Retry-After`). Returns the first response that is
 * not retryable, ok or not; the caller reads the error with {@link readGoogleApiError}.
 *
 * @throws DyocenseError `unavailable` when every attempt was rate-limited or failed on Google's side; the
 * signal's reason when it aborts (also during a back-off).
 */
export async function fetchGoogle(
  send: () => Promise<Response>,
  options: FetchGoogleOptions,
): Promise<Response> {
  const { signal, logger, policy, what } = options;
  for (let attempt = 1; ; attempt++) {
    signal.throwIfAborted();
    const response = await send();
    if (response.ok) return response;
    const error = await readGoogleApiError(response.clone());
    if (!isRetryable(error)) return response;
    await response.body?.cancel();
    if (attempt >= policy.maxAttempts) {
      throw googleApiFailure(`${what} failed after ${attempt} attempts`, error);
    }
    const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const delay = Math.min(
      policy.maxDelayMs,
      retryAfterMs(response) ?? backoff + Math.random() * policy.baseDelayMs,
    );
    logger.warn(`${what}: Google answered ${error.status} ${error.reason ?? ''}; retrying`, {
      attempt,
      delayMs: Math.round(delay),
    });
    await sleep(delay, signal);
  }
}
