// SQLSTATE 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down),
// 53300 too_many_connections; the whole class 08 (connection exception) is matched by prefix.
const unavailableSqlStates = new Set(['57P01', '57P02', '57P03', '53300']);
const socketErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// `pg` and `pg-pool` report a lost or never-made connection by message only.
const lostConnectionMessage =
  /Connection terminated|timeout exceeded when trying to connect|is not queryable|Cannot use a pool after calling end|Query read timeout/i;

/**
 * Whether `error` (or an error in its `cause` chain, or one of an `AggregateError`'s errors) means the database
 * cannot be reached right now: refused or reset sockets, connection timeouts, a server shutting down or starting
 * up (SQLSTATE 57P01-57P03, class 08), too many connections (53300). Such failures are worth retrying; they say
 * nothing about the request.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const pending: unknown[] = [error];
  for (let visited = 0; pending.length > 0 && visited < 16; visited += 1) {
    const current = pending.shift();
    if (typeof current !== 'object' || current === null) continue;
    const { code, message, cause, errors } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === 'string') {
      if (socketErrorCodes.has(code) || unavailableSqlStates.has(code) || /^08[0-9A-Z]{3}$/.test(code)) {
        return true;
      }
    }
    if (typeof message === 'string' && lostConnectionMessage.test(message)) return true;
    if (cause !== undefined) pending.push(cause);
    if (Array.isArray(errors)) pending.push(...errors);
  }
  return false;
}
