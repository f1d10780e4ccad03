import { DyocenseError, type ErrorCode } from '../../errors/index.js';
import { isDatabaseUnavailable } from '../is-database-unavailable.js';

interface PostgresErrorFields {
  code?: unknown;
  message?: unknown;
}

function codeOf(error: unknown, sqlState: string): ErrorCode {
  if (isDatabaseUnavailable(error)) return 'unavailable';
  if (sqlState.startsWith('22') || sqlState.startsWith('23')) return 'invalid_input';
  return sqlState === '42501' ? 'forbidden' : 'internal';
}

/**
 * Maps a driver error to a {@link DyocenseError}: a lost or refused connection or a server shutting down is
 * `unavailable` (see {@link isDatabaseUnavailable}), data exceptions (SQLSTATE class 22) and constraint
 * violations (class 23) are the caller's input, a row-level security or privilege refusal (42501) is
 * `forbidden`, anything else is `internal`. An existing DyocenseError passes through.
 */
export function toDatabaseError(error: unknown, action: string): DyocenseError {
  if (DyocenseError.isInstance(error)) return error;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as PostgresErrorFields;
  const sqlState = typeof fields.code === 'string' ? fields.code : '';
  const reason = typeof fields.message === 'string' ? fields.message : String(error);
  return new DyocenseError({
    code: codeOf(error, sqlState),
    message: `${action} failed: ${reason}`,
    cause: error,
    details: { sqlState },
  });
}
