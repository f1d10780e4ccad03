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
  /**
   * Largest ratio of an entry's inflated bytes to the compressed bytes read for it, checked once the entry
   * passes 1 MiB inflated. Spreadsheet XML compresses 5-20 times; a zip bomb about 300-1,000 times.
   */
  readonly maxCompressionRatio: number;
}

// Small slices bound the output of one synchronous inflate step: about 1-4 MiB for a bomb of ratio 300-1,000.
const pushSize = 4 * 1024;
// Small entries may compress very well (an empty styles part); the ratio only matters once output is large.
const ratioGraceBytes = 1024 * 1024;

function reject(
  reason: string,
  code: 'zip_limit' | 'invalid_xlsx',
  inflatedBytes: number,
  cause?: unknown,
): never {
  throw new DyocenseError({
    code: 'invalid_input',
    message: `Rejected the Excel file: ${reason}`,
    issues: [{ path: [], message: reason, code }],
    details: { inflatedBytes },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Inflates every entry of a zip once, counting the bytes actually produced (not the sizes the headers
 * declare), and fails with `invalid_input` as soon as a cap is exceeded. Inflation is fed in 4 KiB slices,
 * so no more than about 4 MiB is ever produced past a cap. The compression-ratio cap stops a zip bomb after
 * a few MiB of output, whatever its headers say, instead of after `maxEntryBytes` of CPU time: this check
 * runs on the event loop.
 *
 * @returns the entry names in archive order.
 * @throws DyocenseError `invalid_input` for a cap violation, an unsupported compression method, or bytes
 * that are not a zip archive; `details.inflatedBytes` tells how much was inflated before stopping.
 */
export function assertSafeZip(bytes: Uint8Array, limits: ZipLimits): string[] {
  const names: string[] = [];
  let total = 0;
  let entries = 0;
  // Bytes handed to the unzipper before the current slice; an entry's compressed bytes are at most the bytes
  // pushed since the slice its header arrived in (an overestimate, so the ratio errs towards accepting).
  let pushedBefore = 0;
  let pushedAfter = 0;
  let failure: string | undefined;
  const fail = (reason: string): void => {
    failure ??= reason;
  };
  const unzip = new Unzip((file) => {
    entries++;
    names.push(file.name);
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
    const entryStart = pushedBefore;
    file.ondata = (error, data) => {
      if (failure !== undefined) return;
      if (error !== null) return fail(`entry "${file.name}" is corrupt (${error.message})`);
      entryBytes += data.length;
      total += data.length;
      const ratio = entryBytes / Math.max(1, pushedAfter - entryStart);
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
      } else if (entryBytes > ratioGraceBytes && ratio > limits.maxCompressionRatio) {
        fail(
          `entry "${file.name}" inflates more than ${limits.maxCompressionRatio} times its compressed size (limits.maxCompressionRatio), a zip bomb`,
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
      pushedBefore = offset;
      pushedAfter = end;
      unzip.push(bytes.subarray(offset, end), end === bytes.length);
    }
  } catch (error) {
    if (failure === undefined) {
      const detail = error instanceof Error ? error.message : String(error);
      reject(`it is not a readable zip archive (${detail})`, 'invalid_xlsx', total, error);
    }
  }
  if (failure !== undefined)
    reject(failure, failure.includes('corrupt') ? 'invalid_xlsx' : 'zip_limit', total);
  if (entries === 0) reject('it is not a zip archive (no entries found)', 'invalid_xlsx', total);
  return names;
}
