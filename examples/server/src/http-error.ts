import { DyocenseError, type ErrorCode } from '@dyocense/core';
import { isDatabaseUnavailable } from '@dyocense/core/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticationError } from './auth.js';

/** The JSON body of every error answer. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode | 'unauthorized' | 'rate_limited' | 'payload_too_large';
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
  unavailable: 503,
  internal: 500,
};

/** Seconds a client should wait before retrying while the database is away (PostgreSQL restarts take seconds). */
export const retryAfterSeconds = 2;

/** What {@link toHttpError} answers: status, JSON body and the headers that go with them. */
export interface HttpError {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Readonly<Record<string, string>>;
}

function unavailable(): HttpError {
  return {
    status: 503,
    body: {
      error: { code: 'unavailable', message: 'The database is unavailable; retry shortly', issues: [] },
    },
    headers: { 'retry-after': String(retryAfterSeconds) },
  };
}

/** The one answer for a missing object and for another tenant's object: same status, same body. */
export function notFound(kind: string): DyocenseError {
  return new DyocenseError({ code: 'not_found', message: `No such ${kind}` });
}

/**
 * Maps any thrown value to an HTTP status, body and headers. A database that cannot be reached (a raw driver
 * error or a DyocenseError `unavailable`) is 503 with `Retry-After`. Internal failures are answered without
 * their message (it may quote SQL or data); the log keeps it. A body over the size limit is 413 (see
 * {@link lingerThenClose} for the connection).
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof AuthenticationError) {
    return {
      status: 401,
      body: { error: { code: 'unauthorized', message: error.message, issues: [] } },
      headers: {},
    };
  }
  if (DyocenseError.isInstance(error) ? error.code === 'unavailable' : isDatabaseUnavailable(error)) {
    return unavailable();
  }
  if (DyocenseError.isInstance(error)) {
    // An internal error caused by a lost connection (a statement cut off mid-flight) is an outage, not a bug.
    if (error.code === 'internal' && isDatabaseUnavailable(error.cause)) return unavailable();
    const status = statusOf[error.code] ?? 500;
    const message = status === 500 ? 'Internal error' : error.message;
    return {
      status,
      body: { error: { code: error.code, message, issues: status === 500 ? [] : error.issues } },
      headers: {},
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
    return {
      status,
      body: { error: { code, message: String(fastifyError.message), issues: [] } },
      headers: {},
    };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'Internal error', issues: [] } },
    headers: {},
  };
}

/** How long a connection whose body was refused may go on sending before it is cut, in milliseconds. */
export const lingerMilliseconds = 2_000;

/**
 * For an answer sent before the request body was read (413): once the answer is out, the rest of the body is
 * read and discarded, never buffered, for at most {@link lingerMilliseconds}, then the connection is cut.
 * Closing at once (Fastify asks for `connection: close` after a body error) makes the kernel reset a connection
 * with unread data, so a client still sending gets ECONNRESET/EPIPE instead of the 413; reading on without a
 * deadline would let a client stream forever.
 */
export function lingerThenClose(request: FastifyRequest, reply: FastifyReply): void {
  reply.removeHeader('connection');
  const raw = request.raw;
  reply.raw.once('finish', () => {
    if (raw.complete) return;
    raw.resume();
    setTimeout(() => {
      if (!raw.complete) raw.socket.destroy();
    }, lingerMilliseconds).unref();
  });
}
