import { z } from 'zod';

/** MIME types the connector ingests, with the format core's ingestion reads them as. */
export const driveTableMimeTypes: Readonly<Record<string, 'csv' | 'xlsx'>> = Object.freeze({
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  // Google Sheets have no bytes of their own: they are exported as CSV (first sheet).
  'application/vnd.google-apps.spreadsheet': 'csv',
});

/** Google Sheets' MIME type; read with `files.export` rather than `alt=media`. */
export const googleSheetsMimeType = 'application/vnd.google-apps.spreadsheet';

/** The metadata of one Drive file the connector uses (a `files` resource of Drive v3). */
export const driveFileSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  mimeType: z.string().min(1),
  /** RFC 3339 date-time of the last change to the file's content or metadata. */
  modifiedTime: z.iso.datetime({ offset: true }),
  /** Bytes of a blob file (Drive sends an int64 as a string); absent for Google Docs types. */
  size: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).optional(),
});

/** One Drive file (see {@link driveFileSchema}). */
export type DriveFile = z.output<typeof driveFileSchema>;

/** Where the connector lists and reads files: the Drive API, or a Drive MCP server. */
export interface DriveFileSource {
  /** Files (not folders) of the folder that are not trashed, modified at or after `modifiedSince`. */
  list(folderId: string, modifiedSince: string | undefined): AsyncIterable<DriveFile>;
  /** The file's content: CSV text or the file's bytes (Sheets exported as CSV). */
  content(file: DriveFile): Promise<string | Uint8Array>;
  close(): Promise<void>;
}

/** A checkpoint: files are read in (modifiedTime, id) order, and this is the last file read. */
export const drivePositionSchema = z.object({
  modifiedTime: z.iso.datetime({ offset: true }),
  fileId: z.string().min(1),
});

/** The state of a Drive stream (see {@link drivePositionSchema}). */
export type DrivePosition = z.output<typeof drivePositionSchema>;

/** Orders files by modification instant, then id, so that equal instants still have one order. */
export function compareDriveFiles(left: DrivePosition, right: DrivePosition): number {
  const time = Date.parse(left.modifiedTime) - Date.parse(right.modifiedTime);
  if (time !== 0) return time;
  return left.fileId < right.fileId ? -1 : left.fileId > right.fileId ? 1 : 0;
}

/** The position of a file, for {@link compareDriveFiles} and checkpoints. */
export const positionOf = (file: DriveFile): DrivePosition => ({
  modifiedTime: new Date(Date.parse(file.modifiedTime)).toISOString(),
  fileId: file.id,
});
