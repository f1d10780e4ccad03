import { describe, expect, it } from 'vitest';
import { toDatabaseError } from './internal/to-database-error.js';
import { isDatabaseUnavailable } from './is-database-unavailable.js';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    [
      'a refused connection to every address (Node happy eyeballs)',
      Object.assign(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''), {
        code: 'ECONNREFUSED',
      }),
    ],
    ['a reset socket', withCode('read ECONNRESET', 'ECONNRESET')],
    [
      'an administrator or immediate shutdown',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    ['a server still starting up', withCode('the database system is starting up', '57P03')],
    ['a connection failure class 08', withCode('connection failure', '08006')],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ['a connection lost mid-query (pg)', new Error('Connection terminated unexpectedly')],
    ['a connection timeout (pg)', new Error('Connection terminated due to connection timeout')],
    ['a pool connection timeout (pg-pool)', new Error('timeout exceeded when trying to connect')],
    [
      'a client broken earlier (pg)',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    [
      'a lost connection in the cause chain',
      new Error('Metric ingest failed', { cause: withCode('x', '57P01') }),
    ],
  ])('recognises %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a row-level security refusal', withCode('new row violates row-level security policy', '42501')],
    ['a statement timeout', withCode('canceling statement due to statement timeout', '57014')],
    ['a plain error', new Error('boom')],
    ['a string', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('does not take %s for an outage', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('stops on a cyclic cause chain', () => {
    const first = new Error('first');
    const second = new Error('second', { cause: first });
    Object.assign(first, { cause: second });
    expect(isDatabaseUnavailable(first)).toBe(false);
  });
});

describe('toDatabaseError', () => {
  it('maps an outage to `unavailable`, keeping the driver error as the cause', () => {
    const driverError = withCode('terminating connection due to administrator command', '57P01');
    const error = toDatabaseError(driverError, 'Metric ingest');
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe('Metric ingest failed: terminating connection due to administrator command');
    expect(error.cause).toBe(driverError);
  });

  it('still maps data, constraint and privilege errors as before', () => {
    expect(toDatabaseError(withCode('bad', '22021'), 'x').code).toBe('invalid_input');
    expect(toDatabaseError(withCode('dup', '23505'), 'x').code).toBe('invalid_input');
    expect(toDatabaseError(withCode('rls', '42501'), 'x').code).toBe('forbidden');
    expect(toDatabaseError(withCode('odd', '0A000'), 'x').code).toBe('internal');
  });
});
