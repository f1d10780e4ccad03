import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DyocenseError } from '../../errors/index.js';
import { decodeChunks, firstInvalidUtf8 } from './decode-text.js';
import { byteChunks } from './test-helpers.js';

async function decodeError(bytes: Uint8Array, chunkSize: number): Promise<DyocenseError> {
  try {
    for await (const _text of decodeChunks(byteChunks(bytes, chunkSize), 'utf-8')) {
      // Drained.
    }
  } catch (error) {
    if (DyocenseError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a decoding error');
}

const encode = (text: string) => new TextEncoder().encode(text);

function withBytes(before: string, bad: number[], after: string): Uint8Array {
  return new Uint8Array([...encode(before), ...bad, ...encode(after)]);
}

describe('decodeChunks: invalid UTF-8', () => {
  // Line 4 after a CRLF, an LF and a lone CR; the stray 0xFF sits after "x," and a 3-byte "€" on that line.
  const before = 'ds,y\r\n2024-01-01,1\n2024-01-02,2\r€x,';
  const offset = encode(before).length;

  it.each([1, 2, 3, 5, 64, 1 << 20])(
    'names the line and byte offset of a stray byte with %i-byte chunks',
    async (size) => {
      const error = await decodeError(withBytes(before, [0xff], '3\n'), size);
      expect(error.code).toBe('invalid_input');
      expect(error.message).toBe(
        `The file is not valid utf-8 at line 4: invalid byte sequence starting with 0xFF at byte offset ${offset}; pass the encoding option, e.g. encoding: 'windows-1252'`,
      );
      expect(error.issues).toEqual([expect.objectContaining({ code: 'invalid_encoding', line: 4 })]);
      expect(error.details).toEqual({ byteOffset: offset });
    },
  );

  it.each([1, 2, 4, 1 << 20])(
    'points at the lead byte of a sequence broken across chunks (%i-byte chunks)',
    async (size) => {
      // 0xE2 0x82 starts "€" (E2 82 AC) but "A" follows: the bad sequence starts at the 0xE2.
      const error = await decodeError(withBytes(before, [0xe2, 0x82], 'A\n'), size);
      expect(error.details).toEqual({ byteOffset: offset });
      expect(error.issues[0]?.line).toBe(4);
    },
  );

  it('reports a file that ends inside a character', async () => {
    const error = await decodeError(withBytes('ds,y\n1,', [0xf0, 0x9f, 0x98], ''), 2);
    expect(error.message).toBe(
      "The file is not valid utf-8 at line 2: the file ends inside a character that starts at byte offset 7; pass the encoding option, e.g. encoding: 'windows-1252'",
    );
  });

  it('finds the same first invalid byte as TextDecoder', () => {
    // Random bytes, and valid multi-byte text with one byte overwritten or cut short.
    const damagedText = fc
      .tuple(fc.string({ unit: 'binary', maxLength: 20 }), fc.nat(), fc.integer({ min: 0, max: 255 }))
      .map(([text, at, byte]) => {
        const bytes = encode(text);
        if (bytes.length > 0) bytes[at % bytes.length] = byte;
        return bytes.subarray(0, bytes.length - (at % 3));
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), damagedText), (bytes) => {
        const index = firstInvalidUtf8(bytes, true);
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        expect(index === -1).toBe(valid);
        if (index >= 0) {
          // Everything before the reported byte decodes; the reported sequence does not.
          expect(() =>
            new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, index)),
          ).not.toThrow();
          const rest = bytes.subarray(index);
          expect(firstInvalidUtf8(rest, true)).toBe(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
