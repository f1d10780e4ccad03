import { Unzip, UnzipInflate } from 'fflate';
import { DyocenseError } from '../../errors/index.js';

/** Caps checked on a zip container before any other library sees it. */
export interface ZipLimits {
  /** Total uncompressed bytes over all entries. */
  readonly maxUncompressedBytes: number;
  /** Uncompressed bytes of any single entry. */
  readonly maxEntryBytes: number;
  /** Number of entries. */
  readonly maxEntries: number;
}

const pushSize = 16 * 1024;

function reject(reason: string, code: 'zip_limit' | 'invalid_xlsx', cause?: unknown): never {
  throw new DyocenseError({
    code: 'invalid_input',
    message: `Rejected the Excel file: ${reason}`,
    issues: [{ path: [], message: reason, code }],
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Inflates every entry of a zip once, counting the bytes actually produced (not the sizes the headers
 * declare), and fails with `invalid_input` as soon as a cap is exceeded. Inflation is fed in 16 KiB slices,
 * so no more than about 16 MiB is ever produced past a cap.
 *
 * @throws DyocenseError `invalid_input` for a cap violation, an unsupported compression method, or bytes
 * that are not a zip archive.
 */
export function assertSafeZip(bytes: Uint8Array, limits: ZipLimits): void {
  let total = 0;
  let entries = 0;
  let failure: string | undefined;
  const fail = (reason: string): void => {
    failure ??= reason;
  };
  const unzip = new Unzip((file) => {
    entries++;
    if (entries > limits.maxEntries) return fail(`it has more than ${limits.maxEntries} entries`);
    if (file.compression !== 0 && file.compression !== 8) {
      return fail(`entry "${file.name}" uses unsupported compression method ${file.compression}`);
    }
    if (file.originalSize !== undefined && file.originalSize > limits.maxEntryBytes) {
      return fail(
        `entry "${file.name}" declares ${file.originalSize} uncompressed bytes, above the ${limits.maxEntryBytes}-byte limit (limits.maxEntryBytes)`,
      );
    }
    let entryBytes = 0;
    file.ondata = (error, data) => {
      if (failure !== undefined) return;
      if (error !== null) return fail(`entry "${file.name}" is corrupt (${error.message})`);
      entryBytes += data.length;
      total += data.length;
      if (entryBytes > limits.maxEntryBytes) {
        fail(
          `entry "${file.name}" inflates beyond the ${limits.maxEntryBytes}-byte limit (limits.maxEntryBytes)`,
        );
        file.terminate();
      } else if (total > limits.maxUncompressedBytes) {
        fail(
          `its entries inflate beyond the ${limits.maxUncompressedBytes}-byte total limit (limits.maxUncompressedBytes)`,
        );
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let offset = 0; offset < bytes.length && failure === undefined; offset += pushSize) {
      const end = Math.min(bytes.length, offset + pushSize);
      unzip.push(bytes.subarray(offset, end), end === bytes.length);
    }
  } catch (error) {
    if (failure === undefined) {
      const detail = error instanceof Error ? error.message : String(error);
      reject(`it is not a readable zip archive (${detail})`, 'invalid_xlsx', error);
    }
  }
  if (failure !== undefined) reject(failure, failure.includes('corrupt') ? 'invalid_xlsx' : 'zip_limit');
  if (entries === 0) reject('it is not a zip archive (no entries found)', 'invalid_xlsx');
}
