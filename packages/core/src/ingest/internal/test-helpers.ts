import { DyocenseError } from '../../errors/index.js';

/** Awaits `promise` and returns the DyocenseError it rejects with; fails the test otherwise. */
export async function rejectionOf(promise: Promise<unknown>): Promise<DyocenseError> {
  try {
    await promise;
  } catch (error) {
    if (DyocenseError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the promise to reject with a DyocenseError');
}

/** Splits a string into an async iterable of byte chunks of `size` bytes. */
export async function* byteChunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}
