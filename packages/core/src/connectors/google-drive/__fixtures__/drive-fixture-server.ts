import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A file the fixture Drive holds. */
export interface FixtureFile {
  readonly id: string;
  readonly name: string;
  readonly mimeType: string;
  /** RFC 3339 with milliseconds, as Drive writes it. */
  modifiedTime: string;
  readonly parents: readonly string[];
  trashed?: boolean;
  /** Bytes or text; for Google Sheets, what `files.export` to text/csv returns. */
  content: string | Uint8Array;
}

/** A request the fixture received (for assertions). */
export interface FixtureRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
  readonly form: Readonly<Record<string, string>> | undefined;
}

/** A failure injected before the next Drive requests, as Google documents them. */
export type FixtureFailure = 'rateLimitExceeded429' | 'userRateLimitExceeded' | 'rateLimitExceeded' | 'backendError';

const folderMimeType = 'application/vnd.google-apps.folder';
const googleAppsPrefix = 'application/vnd.google-apps.';

function googleError(code: number, message: string, reason: string, domain = 'global', extra = {}) {
  return { error: { code, message, errors: [{ message, domain, reason, ...extra }] } };
}

const failureBodies: Record<FixtureFailure, [number, object]> = {
  rateLimitExceeded429: [429, googleError(429, 'Rate Limit Exceeded', 'rateLimitExceeded', 'usageLimits')],
  userRateLimitExceeded: [
    403,
    googleError(403, 'User Rate Limit Exceeded', 'userRateLimitExceeded', 'usageLimits'),
  ],
  rateLimitExceeded: [403, googleError(403, 'Rate Limit Exceeded', 'rateLimitExceeded', 'usageLimits')],
  backendError: [500, googleError(500, 'Backend Error', 'backendError')],
};

type Clause = (file: FixtureFile) => boolean;

/** Parses the subset of Drive's query language the connector sends; anything else is a 400 like Drive's. */
function parseQuery(q: string): Clause[] | undefined {
  const clauses: Clause[] = [];
  const literal = "'((?:[^'\\\\]|\\\\.)*)'";
  const unquote = (value: string) => value.replace(/\\(.)/g, '$1');
  for (const part of q.split(' and ')) {
    const text = part.trim();
    let match: RegExpExecArray | null;
    if ((match = new RegExp(`^${literal} in parents$`).exec(text)) !== null) {
      const parent = unquote(match[1] as string);
      clauses.push((file) => file.parents.includes(parent));
    } else if ((match = /^trashed\s*=\s*(true|false)$/.exec(text)) !== null) {
      const trashed = match[1] === 'true';
      clauses.push((file) => (file.trashed ?? false) === trashed);
    } else if ((match = new RegExp(`^mimeType\\s*(!=|=)\\s*${literal}$`).exec(text)) !== null) {
      const [operator, value] = [match[1], unquote(match[2] as string)];
      clauses.push((file) => (operator === '=' ? file.mimeType === value : file.mimeType !== value));
    } else if ((match = new RegExp(`^modifiedTime\\s*(>=|>|<=|<|=)\\s*${literal}$`).exec(text)) !== null) {
      const operator = match[1] as string;
      // Drive reads a time without an offset as UTC.
      const raw = unquote(match[2] as string);
      const bound = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(raw) ? raw : `${raw}Z`);
      if (!Number.isFinite(bound)) return undefined;
      clauses.push((file) => {
        const time = Date.parse(file.modifiedTime);
        return operator === '>='
          ? time >= bound
          : operator === '>'
            ? time > bound
            : operator === '<='
              ? time <= bound
              : operator === '<'
                ? time < bound
                : time === bound;
      });
    } else {
      return undefined;
    }
  }
  return clauses;
}

/** Options of {@link startDriveFixture}. */
export interface DriveFixtureOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly files: readonly FixtureFile[];
  /** Largest page `files.list` returns, to exercise pagination. Default 1000 (Drive's maximum). */
  readonly maxPageSize?: number;
  /** Authorisation codes the fixture accepts once, with the redirect URI they were issued for. */
  readonly codes?: Readonly<Record<string, string>>;
}

/** A running fixture of Google's token endpoint and the Drive v3 files API on loopback. */
export interface DriveFixture {
  readonly origin: string;
  readonly files: FixtureFile[];
  readonly requests: FixtureRequest[];
  /** Makes the next `count` Drive requests fail with `failure`. */
  failNext(failure: FixtureFailure, count: number): void;
  /** Invalidates every access token issued so far (as if they expired). */
  expireAccessTokens(): void;
  /** Holds Drive responses until `release` is called (for cancellation tests). */
  hold(): () => void;
  /** `fetch` for a plugin context: sends Google's URLs to this server instead. */
  readonly fetch: typeof globalThis.fetch;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  response.end(JSON.stringify(body));
}

/**
 * Starts the fixture: `POST /token` follows Google's OAuth 2.0 token endpoint (authorisation code and
 * refresh token grants, `invalid_grant`/`invalid_client` errors); `GET /drive/v3/files`,
 * `GET /drive/v3/files/{id}?alt=media` and `GET /drive/v3/files/{id}/export` follow Drive v3 (query
 * language subset, `pageToken` pagination, Google's JSON error bodies, 401 for a bad token).
 */
export async function startDriveFixture(options: DriveFixtureOptions): Promise<DriveFixture> {
  const files = options.files.map((file) => ({ ...file }));
  const requests: FixtureRequest[] = [];
  const accessTokens = new Set<string>();
  const codes = new Map(Object.entries(options.codes ?? {}));
  const failures: FixtureFailure[] = [];
  let issued = 0;
  let gate: Promise<void> | undefined;

  async function token(form: Record<string, string>, response: ServerResponse): Promise<void> {
    if (form.client_id !== options.clientId || form.client_secret !== options.clientSecret) {
      sendJson(response, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
      return;
    }
    const grant = () => {
      const accessToken = `ya29.fixture-${++issued}`;
      accessTokens.add(accessToken);
      return {
        access_token: accessToken,
        expires_in: 3599,
        scope: 'https://www.googleapis.com/auth/drive.readonly',
        token_type: 'Bearer',
      };
    };
    if (form.grant_type === 'refresh_token') {
      if (form.refresh_token !== options.refreshToken) {
        sendJson(response, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
        return;
      }
      sendJson(response, 200, grant());
      return;
    }
    if (form.grant_type === 'authorization_code') {
      const redirect = form.code === undefined ? undefined : codes.get(form.code);
      if (redirect === undefined || redirect !== form.redirect_uri) {
        sendJson(response, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
        return;
      }
      codes.delete(form.code as string);
      sendJson(response, 200, { ...grant(), refresh_token: options.refreshToken });
      return;
    }
    sendJson(response, 400, {
      error: 'unsupported_grant_type',
      error_description: `Invalid grant_type: ${form.grant_type ?? ''}`,
    });
  }

  function list(query: Record<string, string>, response: ServerResponse): void {
    const clauses = parseQuery(query.q ?? '');
    if (clauses === undefined) {
      sendJson(response, 400, googleError(400, 'Invalid Value', 'invalid', 'global', { location: 'q', locationType: 'parameter' }));
      return;
    }
    const size = Math.min(Number(query.pageSize ?? 100), options.maxPageSize ?? 1000);
    let matching = files.filter((file) => clauses.every((clause) => clause(file)));
    if (query.orderBy === 'modifiedTime') {
      matching = [...matching].sort((left, right) => Date.parse(left.modifiedTime) - Date.parse(right.modifiedTime));
    }
    const offset = query.pageToken === undefined ? 0 : Number(Buffer.from(query.pageToken, 'base64url').toString());
    if (!Number.isSafeInteger(offset)) {
      sendJson(response, 400, googleError(400, 'Invalid Value', 'invalid', 'global', { location: 'pageToken', locationType: 'parameter' }));
      return;
    }
    const page = matching.slice(offset, offset + size);
    const next = offset + size < matching.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
    sendJson(response, 200, {
      kind: 'drive#fileList',
      incompleteSearch: false,
      ...(next === undefined ? {} : { nextPageToken: next }),
      files: page.map((file) => ({
        kind: 'drive#file',
        id: file.id,
        name: file.name,
        mimeType: file.mimeType,
        modifiedTime: file.modifiedTime,
        // Drive sends int64 values as strings and no size for Google Docs types.
        ...(file.mimeType.startsWith(googleAppsPrefix) ? {} : { size: String(Buffer.byteLength(file.content)) }),
      })),
    });
  }

  function fileContent(id: string, exportType: string | undefined, query: Record<string, string>, response: ServerResponse): void {
    const file = files.find((candidate) => candidate.id === id);
    if (file === undefined) {
      sendJson(response, 404, googleError(404, `File not found: ${id}.`, 'notFound', 'global', { location: 'fileId', locationType: 'parameter' }));
      return;
    }
    const native = file.mimeType.startsWith(googleAppsPrefix);
    if (exportType === undefined) {
      if (query.alt !== 'media') {
        sendJson(response, 200, { kind: 'drive#file', id: file.id, name: file.name, mimeType: file.mimeType });
        return;
      }
      if (native) {
        sendJson(response, 403, googleError(403, 'Only files with binary content can be downloaded. Use Export with Docs Editors files.', 'fileNotDownloadable', 'global', { location: 'alt', locationType: 'parameter' }));
        return;
      }
      response.writeHead(200, { 'content-type': file.mimeType });
      response.end(file.content);
      return;
    }
    if (!native) {
      sendJson(response, 403, googleError(403, 'Export only supports Docs Editors files.', 'fileNotExportable'));
      return;
    }
    if (exportType !== 'text/csv') {
      sendJson(response, 400, googleError(400, 'The requested conversion is not supported.', 'badRequest'));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/csv' });
    response.end(file.content);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fixture');
    const query = Object.fromEntries(url.searchParams);
    const body = request.method === 'POST' ? await readBody(request) : undefined;
    const form = body === undefined ? undefined : Object.fromEntries(new URLSearchParams(body));
    requests.push({ method: request.method ?? 'GET', path: url.pathname, query, authorization: request.headers.authorization, form });
    if (url.pathname === '/token' && request.method === 'POST') {
      if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
        sendJson(response, 400, { error: 'invalid_request', error_description: 'Bad Request' });
        return;
      }
      await token(form ?? {}, response);
      return;
    }
    if (!url.pathname.startsWith('/drive/v3/files') || request.method !== 'GET') {
      sendJson(response, 404, googleError(404, 'Not Found', 'notFound'));
      return;
    }
    const auth = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    if (auth === null || !accessTokens.has(auth[1] as string)) {
      sendJson(response, 401, {
        error: {
          code: 401,
          message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
          errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
          status: 'UNAUTHENTICATED',
        },
      });
      return;
    }
    const failure = failures.shift();
    if (failure !== undefined) {
      const [status, failureBody] = failureBodies[failure];
      sendJson(response, status, failureBody);
      return;
    }
    if (gate !== undefined) await gate;
    const match = /^\/drive\/v3\/files(?:\/([^/]+)(\/export)?)?$/.exec(url.pathname);
    if (match === null) {
      sendJson(response, 404, googleError(404, 'Not Found', 'notFound'));
    } else if (match[1] === undefined) {
      list(query, response);
    } else {
      fileContent(decodeURIComponent(match[1]), match[2] === undefined ? undefined : (query.mimeType ?? ''), query, response);
    }
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendJson(response, 500, googleError(500, String(error), 'backendError'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.hostname !== 'www.googleapis.com' && url.hostname !== 'oauth2.googleapis.com') {
      throw new TypeError(`fetch failed: the Drive fixture does not serve ${url.hostname}`);
    }
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    return globalThis.fetch(`${origin}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      redirect: 'manual',
      signal: request.signal,
      ...(body === undefined ? {} : { body }),
    });
  };

  return {
    origin,
    files,
    requests,
    failNext(failure, count) {
      for (let index = 0; index < count; index++) failures.push(failure);
    },
    expireAccessTokens() {
      accessTokens.clear();
    },
    hold() {
      let release: () => void = () => undefined;
      gate = new Promise((resolve) => {
        release = () => {
          gate = undefined;
          resolve();
        };
      });
      return release;
    },
    fetch,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
