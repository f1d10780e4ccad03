import { DyocenseError } from '../../errors/index.js';

interface PostgresErrorFields {
  code?: unknown;
  message?: unknown;
}

/**
 * Maps a driver error to a {@link DyocenseError}: data exceptions (SQLSTATE class 22) and constraint violations
 * (class 23) are the caller's input, a row-level security or privilege refusal (42501) is `forbidden`,
 * anything else is `internal`. An existing DyocenseError passes through.
 */
export function toDatabaseError(error: unknown, action: string): DyocenseError {
  if (DyocenseError.isInstance(error)) return error;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as PostgresErrorFields;
  const sqlState = typeof fields.code === 'string' ? fields.code : '';
  const reason = typeof fields.message === 'string' ? fields.message : String(error);
  const code =
    sqlState.startsWith('22') || sqlState.startsWith('23')
      ? 'invalid_input'
      : sqlState === '42501'
        ? 'forbidden'
        : 'internal';
  return new DyocenseError({
    code,
    message: `${action} failed: ${reason}`,
    cause: error,
    details: { sqlState },
  });
}
