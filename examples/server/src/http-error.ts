import { DyocenseError, type ErrorCode } from '@dyocense/core';
import { AuthenticationError } from './auth.js';

/** The JSON body of every error answer. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode | 'unauthorized' | 'unavailable' | 'rate_limited' | 'payload_too_large';
    readonly message: string;
    readonly issues: readonly unknown[];
  };
}

const statusOf: Record<ErrorCode, number> = {
  invalid_input: 400,
  insufficient_data: 422,
  infeasible: 422,
  unbounded: 422,
  solver_timeout: 504,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  plugin_incompatible: 400,
  internal: 500,
};

// Node socket errors and PostgreSQL's "connection exception" and "operator intervention" classes: the database
// is away, not the request at fault, so the client may retry.
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
]);

function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (unavailableCodes.has(code) || code.startsWith('08'))) return true;
    if (/Connection terminated|connection timeout|Cannot use a pool after calling end/i.test(current.message))
      return true;
    current = current.cause;
  }
  return false;
}

/** The one answer for a missing object and for another tenant's object: same status, same body. */
export function notFound(kind: string): DyocenseError {
  return new DyocenseError({ code: 'not_found', message: `No such ${kind}` });
}

/**
 * Maps any thrown value to an HTTP status and body. Internal failures are answered without their message
 * (it may quote SQL or data); the log keeps it.
 */
export function toHttpError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AuthenticationError) {
    return { status: 401, body: { error: { code: 'unauthorized', message: error.message, issues: [] } } };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      body: {
        error: { code: 'unavailable', message: 'The database is unavailable; retry shortly', issues: [] },
      },
    };
  }
  if (DyocenseError.isInstance(error)) {
    const status = statusOf[error.code] ?? 500;
    const message = status === 500 ? 'Internal error' : error.message;
    return {
      status,
      body: { error: { code: error.code, message, issues: status === 500 ? [] : error.issues } },
    };
  }
  const fastifyError = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    const status = fastifyError.statusCode;
    const code = status === 413 ? 'payload_too_large' : status === 429 ? 'rate_limited' : 'invalid_input';
    return { status, body: { error: { code, message: String(fastifyError.message), issues: [] } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Internal error', issues: [] } } };
}
