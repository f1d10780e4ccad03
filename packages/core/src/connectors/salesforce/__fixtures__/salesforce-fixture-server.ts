import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FixtureObject, type FixtureRecord, fixtureObjects } from './salesforce-fixture-data.js';
import { matches, parseSoql, SoqlSyntaxError, sortRecords } from './soql.js';

/**
 * A local Salesforce stand-in on loopback that answers in the documented formats (see README.md): the OAuth 2.0
 * web server flow (authorize redirect, token endpoint with PKCE, refresh-token grant with optional rotation),
 * REST describeGlobal, sobject describe, limits, query/queryAll with query locators, and error bodies
 * `[{ message, errorCode }]`. Every request is recorded so tests can assert what the connector sent.
 */

/** One request the fixture received. */
export interface FixtureRequest {
  readonly method: string;
  /** Path and query string as sent. */
  readonly url: string;
  readonly kind:
    | 'authorize'
    | 'token'
    | 'limits'
    | 'describe-global'
    | 'describe'
    | 'query'
    | 'queryAll'
    | 'query-more'
    | 'unknown';
  readonly authorization?: string;
  /** Decoded `q` of query and queryAll requests. */
  readonly soql?: string;
  /** The `Sforce-Query-Options` header. */
  readonly queryOptions?: string;
  /** Form fields of token requests. */
  readonly form?: Readonly<Record<string, string>>;
  /** Status the fixture answered (undefined while a stalled request is open). */
  status?: number;
}

/** Failures the fixture can inject into the next REST (not OAuth) requests. */
export type FixtureFailure =
  /** HTTP 429 with a `Retry-After` of `retryAfterSeconds`. */
  | 'too-many-requests'
  /** HTTP 403 `REQUEST_LIMIT_EXCEEDED` ("TotalRequests Limit exceeded."). */
  | 'request-limit';

/** Options of {@link startSalesforceFixture}. */
export interface SalesforceFixtureOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** The refresh token the fixture starts with. */
  readonly refreshToken?: string;
  /** Records per query page (Salesforce may return fewer than `batchSize`). Default 3. */
  readonly pageSize?: number;
  /** Issue a new refresh token on every refresh and revoke the old one. Default false. */
  readonly rotateRefreshTokens?: boolean;
  readonly objects?: FixtureObject[];
}

/** A running fixture and its switches. */
export interface SalesforceFixture {
  /** `http://localhost:<port>`: both the login and the instance origin. */
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly requests: FixtureRequest[];
  readonly objects: FixtureObject[];
  /** Refresh tokens currently valid (rotation revokes the previous one). */
  readonly validRefreshTokens: Set<string>;
  /** Records per query page. */
  pageSize: number;
  rotateRefreshTokens: boolean;
  /** Hold every query-more (next page) request open without answering. */
  stallQueryMore: boolean;
  /** `Retry-After` (seconds) of injected 429 answers. Default 0. */
  retryAfterSeconds: number;
  /** Answer every REST request with 401 INVALID_SESSION_ID, even with a fresh access token. */
  rejectSessions: boolean;
  /** Answers the next `times` REST requests (of `kind`, when given) with `failure`. */
  failNext(failure: FixtureFailure, times: number, kind?: FixtureRequest['kind']): void;
  /** Invalidates every access token issued so far (a session timeout). */
  expireSessions(): void;
  /** Resolves with the first request after this call that matches. */
  waitForRequest(predicate: (request: FixtureRequest) => boolean): Promise<FixtureRequest>;
  close(): Promise<void>;
}

const apiError = (message: string, errorCode: string) => [{ message, errorCode }];

/** Salesforce writes date-times as `2023-12-01T09:00:00.000+0000`. */
const salesforceDateTime = (iso: string): string => iso.replace(/Z$/, '+0000');

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
  response.end(body === undefined ? '' : JSON.stringify(body));
}

async function readForm(request: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

const base64Url = (bytes: Buffer): string => bytes.toString('base64url');

/**
 * Starts the fixture on 127.0.0.1 (an ephemeral port); connectors reach it as `localhost`, which the plugin
 * context's fetch accepts as a host name.
 */
export async function startSalesforceFixture(options: SalesforceFixtureOptions = {}): Promise<SalesforceFixture> {
  const clientId = options.clientId ?? '3MVG9fixtureClientId';
  const clientSecret = options.clientSecret ?? 'fixture-client-secret';
  const validRefreshTokens = new Set([options.refreshToken ?? 'fixture-refresh-token-0']);
  const accessTokens = new Set<string>();
  const authorizationCodes = new Map<string, { challenge: string; redirectUri: string }>();
  const locators = new Map<string, { type: string; rows: FixtureRecord[]; fields: readonly string[] }>();
  const failures: { failure: FixtureFailure; remaining: number; kind?: FixtureRequest['kind'] }[] = [];
  const waiters: { predicate: (request: FixtureRequest) => boolean; resolve: (request: FixtureRequest) => void }[] =
    [];
  let counter = 0;
  let tokenCounter = 0;
  let url = '';

  const fixture: SalesforceFixture = {
    get url() {
      return url;
    },
    clientId,
    clientSecret,
    requests: [],
    objects: options.objects ?? fixtureObjects(),
    validRefreshTokens,
    pageSize: options.pageSize ?? 3,
    rotateRefreshTokens: options.rotateRefreshTokens ?? false,
    stallQueryMore: false,
    rejectSessions: false,
    retryAfterSeconds: 0,
    failNext(failure, times, kind) {
      failures.push({ failure, remaining: times, ...(kind === undefined ? {} : { kind }) });
    },
    expireSessions() {
      accessTokens.clear();
    },
    waitForRequest(predicate) {
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };

  const record = (entry: FixtureRequest) => {
    fixture.requests.push(entry);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(entry)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(entry);
      }
    }
  };

  const issueTokens = (refreshToken: string | undefined) => {
    const accessToken = `00Dfixture!${base64Url(randomBytes(24))}`;
    accessTokens.add(accessToken);
    const issuedAt = String(Date.now());
    const identity = `${url}/id/00D000000000001EAA/005000000000001AAA`;
    return {
      access_token: accessToken,
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      signature: createHash('sha256').update(identity + issuedAt).digest('base64'),
      scope: 'api refresh_token',
      instance_url: url,
      id: identity,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
  };

  async function token(request: IncomingMessage, response: ServerResponse, entry: FixtureRequest) {
    const form = await readForm(request);
    Object.assign(entry, { form });
    const reject = (error: string, description: string) => {
      entry.status = 400;
      send(response, 400, { error, error_description: description });
    };
    if (form.client_id !== clientId) return reject('invalid_client_id', 'client identifier invalid');
    if (form.client_secret !== undefined && form.client_secret !== clientSecret) {
      return reject('invalid_client', 'invalid client credentials');
    }
    if (form.grant_type === 'authorization_code') {
      const pending = authorizationCodes.get(form.code ?? '');
      if (pending === undefined) return reject('invalid_grant', 'invalid authorization code');
      authorizationCodes.delete(form.code ?? '');
      if (pending.redirectUri !== form.redirect_uri) return reject('redirect_uri_mismatch', 'redirect_uri must match configuration');
      const challenge = base64Url(createHash('sha256').update(form.code_verifier ?? '').digest());
      if (challenge !== pending.challenge) return reject('invalid_grant', 'invalid code verifier');
      const refreshToken = `fixture-refresh-token-${++tokenCounter}`;
      validRefreshTokens.add(refreshToken);
      entry.status = 200;
      return send(response, 200, issueTokens(refreshToken));
    }
    if (form.grant_type === 'refresh_token') {
      const current = form.refresh_token ?? '';
      if (!validRefreshTokens.has(current)) return reject('invalid_grant', 'expired access/refresh token');
      let rotated: string | undefined;
      if (fixture.rotateRefreshTokens) {
        validRefreshTokens.delete(current);
        rotated = `fixture-refresh-token-${++tokenCounter}`;
        validRefreshTokens.add(rotated);
      }
      entry.status = 200;
      return send(response, 200, issueTokens(rotated));
    }
    return reject('unsupported_grant_type', 'grant type not supported');
  }

  function authorize(target: URL, response: ServerResponse, entry: FixtureRequest) {
    const params = target.searchParams;
    if (params.get('client_id') !== clientId) {
      entry.status = 400;
      return send(response, 400, { error: 'invalid_client_id', error_description: 'client identifier invalid' });
    }
    const code = `aPrx${base64Url(randomBytes(12))}`;
    authorizationCodes.set(code, {
      challenge: params.get('code_challenge') ?? '',
      redirectUri: params.get('redirect_uri') ?? '',
    });
    const location = new URL(params.get('redirect_uri') ?? '');
    location.searchParams.set('code', code);
    const state = params.get('state');
    if (state !== null) location.searchParams.set('state', state);
    entry.status = 302;
    response.writeHead(302, { location: location.href });
    response.end();
  }

  function page(version: string, locator: string, offset: number) {
    const result = locators.get(locator);
    if (result === undefined) return undefined;
    const size = fixture.pageSize;
    const slice = result.rows.slice(offset, offset + size);
    const done = offset + size >= result.rows.length;
    return {
      totalSize: result.rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${locator}-${offset + size}` }),
      records: slice.map((row) => {
        const output: Record<string, unknown> = {
          attributes: { type: result.type, url: `/services/data/v${version}/sobjects/${result.type}/${String(row.Id)}` },
        };
        const object = fixture.objects.find((candidate) => candidate.name === result.type);
        for (const name of result.fields) {
          const type = object?.fields.find((candidate) => candidate.name === name)?.type;
          const value = row[name] ?? null;
          output[name] = type === 'datetime' && typeof value === 'string' ? salesforceDateTime(value) : value;
        }
        return output;
      }),
    };
  }

  function query(version: string, soql: string, all: boolean, response: ServerResponse, entry: FixtureRequest) {
    let parsed: ReturnType<typeof parseSoql>;
    try {
      parsed = parseSoql(soql);
    } catch (error) {
      entry.status = 400;
      const reason = error instanceof SoqlSyntaxError ? error.message : String(error);
      return send(response, 400, apiError(`unexpected token: ${reason}`, 'MALFORMED_QUERY'));
    }
    const object = fixture.objects.find((candidate) => candidate.name === parsed.object && candidate.queryable);
    if (object === undefined) {
      entry.status = 400;
      return send(
        response,
        400,
        apiError(`sObject type '${parsed.object}' is not supported.`, 'INVALID_TYPE'),
      );
    }
    const known = new Set(object.fields.map((field) => field.name));
    const unknown = [...parsed.fields, ...parsed.orderBy.map((order) => order.field)].find((name) => !known.has(name));
    if (unknown !== undefined) {
      entry.status = 400;
      return send(response, 400, apiError(`No such column '${unknown}' on entity '${object.name}'.`, 'INVALID_FIELD'));
    }
    let rows = object.records.filter((row) => all || row.IsDeleted !== true);
    const where = parsed.where;
    if (where !== undefined) rows = rows.filter((row) => matches(where, row));
    rows = sortRecords(rows, parsed.orderBy);
    if (parsed.limit !== undefined) rows = rows.slice(0, parsed.limit);
    const locator = `01gFX${String(++counter).padStart(10, '0')}`;
    locators.set(locator, { type: object.name, rows, fields: parsed.fields });
    entry.status = 200;
    send(response, 200, page(version, locator, 0));
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const target = new URL(request.url ?? '/', url);
    const path = target.pathname;
    const authorization = request.headers.authorization;
    const queryOptions = request.headers['sforce-query-options'];
    const entry: FixtureRequest = {
      method: request.method ?? 'GET',
      url: `${path}${target.search}`,
      kind: 'unknown',
      ...(authorization === undefined ? {} : { authorization }),
      ...(typeof queryOptions === 'string' ? { queryOptions } : {}),
    };
    const api = /^\/services\/data\/v(\d+\.\d)\/(.*)$/.exec(path);
    const rest = api?.[2] ?? '';
    const kind: FixtureRequest['kind'] =
      path === '/services/oauth2/token'
        ? 'token'
        : path === '/services/oauth2/authorize'
          ? 'authorize'
          : api === null
            ? 'unknown'
            : /^limits\/?$/.test(rest)
              ? 'limits'
              : /^sobjects\/?$/.test(rest)
                ? 'describe-global'
                : /^sobjects\/[^/]+\/describe\/?$/.test(rest)
                  ? 'describe'
                  : /^query\/?$/.test(rest)
                    ? 'query'
                    : /^queryAll\/?$/.test(rest)
                      ? 'queryAll'
                      : /^query\/[^/]+$/.test(rest)
                        ? 'query-more'
                        : 'unknown';
    Object.assign(entry, { kind });
    if (kind === 'query' || kind === 'queryAll') Object.assign(entry, { soql: target.searchParams.get('q') ?? '' });
    if (kind === 'token') {
      await token(request, response, entry);
      return record(entry);
    }
    record(entry);
    if (kind === 'authorize') return authorize(target, response, entry);
    const version = api?.[1] ?? '';
    if (api === null || kind === 'unknown') {
      entry.status = 404;
      return send(response, 404, apiError('The requested resource does not exist', 'NOT_FOUND'));
    }
    const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (bearer === undefined || !accessTokens.has(bearer) || fixture.rejectSessions) {
      entry.status = 401;
      return send(response, 401, apiError('Session expired or invalid', 'INVALID_SESSION_ID'));
    }
    const failure = failures.find((item) => item.remaining > 0 && (item.kind === undefined || item.kind === kind));
    if (failure !== undefined) {
      failure.remaining -= 1;
      if (failure.failure === 'too-many-requests') {
        entry.status = 429;
        return send(response, 429, apiError('Too many requests, retry later', 'REQUEST_LIMIT_EXCEEDED'), {
          'retry-after': String(fixture.retryAfterSeconds),
        });
      }
      entry.status = 403;
      return send(response, 403, apiError('TotalRequests Limit exceeded.', 'REQUEST_LIMIT_EXCEEDED'));
    }
    switch (kind) {
      case 'limits':
        entry.status = 200;
        return send(response, 200, {
          DailyApiRequests: { Max: 15000, Remaining: 15000 - fixture.requests.length },
        });
      case 'describe-global':
        entry.status = 200;
        return send(response, 200, {
          encoding: 'UTF-8',
          maxBatchSize: 200,
          sobjects: fixture.objects.map((object) => ({
            name: object.name,
            label: object.label,
            custom: object.custom,
            queryable: object.queryable,
            urls: { sobject: `/services/data/v${version}/sobjects/${object.name}` },
          })),
        });
      case 'describe': {
        const name = rest.split('/')[1];
        const object = fixture.objects.find((candidate) => candidate.name === name);
        if (object === undefined) {
          entry.status = 404;
          return send(response, 404, apiError('The requested resource does not exist', 'NOT_FOUND'));
        }
        entry.status = 200;
        return send(response, 200, {
          name: object.name,
          label: object.label,
          custom: object.custom,
          queryable: object.queryable,
          fields: object.fields,
        });
      }
      case 'query':
      case 'queryAll':
        return query(version, entry.soql ?? '', kind === 'queryAll', response, entry);
      case 'query-more': {
        if (fixture.stallQueryMore) return; // never answered; the connection closes when the client aborts
        const [, locator, offset] = /^query\/(.+)-(\d+)$/.exec(rest) ?? [];
        const result = locator === undefined ? undefined : page(version, locator, Number(offset));
        if (result === undefined) {
          entry.status = 400;
          return send(response, 400, apiError('invalid query locator', 'INVALID_QUERY_LOCATOR'));
        }
        entry.status = 200;
        return send(response, 200, result);
      }
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      send(response, 500, apiError(String(error), 'UNKNOWN_EXCEPTION'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://localhost:${(server.address() as AddressInfo).port}`;
  return fixture;
}
