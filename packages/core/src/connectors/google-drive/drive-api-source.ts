import { z } from 'zod';
import { DyocenseError } from '../../errors/index.js';
import type { PluginContextV1 } from '../../plugin/spec/context-v1.js';
import { type DriveFile, type DriveFileSource, driveFileSchema, googleSheetsMimeType } from './drive-file.js';
import type { GoogleDriveConfig } from './google-drive-config.js';
import { refreshGoogleAccessToken } from './google-oauth.js';
import { fetchGoogle, type GoogleRetryPolicy, googleApiFailure, readGoogleApiError } from './google-retry.js';

/** Base URL of the Drive v3 REST API. */
export const driveApiBase = 'https://www.googleapis.com/drive/v3';

const folderMimeType = 'application/vnd.google-apps.folder';
const listFields = 'nextPageToken,files(id,name,mimeType,modifiedTime,size)';
const listPageSchema = z.object({
  nextPageToken: z.string().min(1).optional(),
  files: z.array(driveFileSchema).default([]),
});

/** Quotes a value for a Drive query string (`\` and `'` are escaped with a backslash). */
const quote = (value: string): string => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/** The `q` of `files.list` for the folder's current files, optionally modified at or after an instant. */
export function driveFolderQuery(folderId: string, modifiedSince: string | undefined): string {
  const clauses = [
    `${quote(folderId)} in parents`,
    'trashed = false',
    `mimeType != ${quote(folderMimeType)}`,
  ];
  // `>=`, not `>`: files sharing the checkpoint's instant but with a later id are still to be read.
  if (modifiedSince !== undefined) clauses.push(`modifiedTime >= ${quote(modifiedSince)}`);
  return clauses.join(' and ');
}

/** Access tokens for one read: the configured one first, then refreshed ones, refreshed again on a 401. */
class TokenProvider {
  #token: string | undefined;
  constructor(
    private readonly context: PluginContextV1,
    private readonly config: GoogleDriveConfig,
  ) {
    this.#token = config.accessToken;
  }

  get canRefresh(): boolean {
    const { clientId, clientSecret, refreshToken } = this.config;
    return clientId !== undefined && clientSecret !== undefined && refreshToken !== undefined;
  }

  async get(): Promise<string> {
    this.#token ??= await this.refresh();
    return this.#token;
  }

  async refresh(): Promise<string> {
    const { clientId, clientSecret, refreshToken } = this.config;
    if (refreshToken === undefined && this.#token === undefined) {
      throw new DyocenseError({
        code: 'forbidden',
        message: 'The Google account is not connected yet (no refresh token): run the OAuth connect flow',
      });
    }
    if (clientId === undefined || clientSecret === undefined || refreshToken === undefined) {
      throw new DyocenseError({
        code: 'forbidden',
        message: 'Google rejected the access token and no refresh token is configured; reconnect the account',
      });
    }
    const tokens = await refreshGoogleAccessToken(
      this.context.fetch,
      { clientId, clientSecret, refreshToken },
      this.context.signal,
    );
    this.#token = tokens.accessToken;
    return tokens.accessToken;
  }
}

/**
 * The Drive v3 API as a {@link DriveFileSource}: `files.list` with `pageToken` pagination, `files.get`
 * with `alt=media` for CSV and .xlsx, `files.export` to `text/csv` for Google Sheets. Every request goes
 * through the context's fetch (declared hosts only), retries rate limits, and refreshes the access token
 * once when Google answers 401.
 */
export function createDriveApiSource(
  context: PluginContextV1,
  config: GoogleDriveConfig,
  policy: GoogleRetryPolicy,
): DriveFileSource {
  const tokens = new TokenProvider(context, config);

  async function get(url: URL, what: string): Promise<Response> {
    const send = async (): Promise<Response> =>
      fetchGoogle(
        async () =>
          context.fetch(url, {
            headers: { authorization: `Bearer ${await tokens.get()}` },
            signal: context.signal,
          }),
        { signal: context.signal, logger: context.logger, policy, what },
      );
    let response = await send();
    if (response.status === 401 && tokens.canRefresh) {
      await response.body?.cancel();
      await tokens.refresh();
      response = await send();
    }
    if (!response.ok) throw googleApiFailure(what, await readGoogleApiError(response));
    return response;
  }

  return {
    async *list(folderId, modifiedSince) {
      let pageToken: string | undefined;
      do {
        const url = new URL(`${driveApiBase}/files`);
        url.searchParams.set('q', driveFolderQuery(folderId, modifiedSince));
        url.searchParams.set('fields', listFields);
        url.searchParams.set('pageSize', '1000');
        url.searchParams.set('orderBy', 'modifiedTime');
        url.searchParams.set('supportsAllDrives', 'true');
        url.searchParams.set('includeItemsFromAllDrives', 'true');
        if (pageToken !== undefined) url.searchParams.set('pageToken', pageToken);
        const response = await get(url, `Listing Drive folder ${folderId}`);
        const page = listPageSchema.safeParse(await response.json());
        if (!page.success) {
          throw new DyocenseError({
            code: 'unavailable',
            message: `Drive answered files.list for folder ${folderId} with an unexpected body`,
            cause: page.error,
          });
        }
        yield* page.data.files;
        pageToken = page.data.nextPageToken;
      } while (pageToken !== undefined);
    },
    async content(file: DriveFile) {
      const id = encodeURIComponent(file.id);
      const url =
        file.mimeType === googleSheetsMimeType
          ? new URL(`${driveApiBase}/files/${id}/export?mimeType=text%2Fcsv`)
          : new URL(`${driveApiBase}/files/${id}?alt=media&supportsAllDrives=true`);
      const response = await get(url, `Reading Drive file "${file.name}" (${file.id})`);
      return new Uint8Array(await response.arrayBuffer());
    },
    async close() {},
  };
}
