import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { caught } from '../../errors/__fixtures__/caught.js';
import { assertSafeZip } from './zip-guard.js';

const limits = {
  maxUncompressedBytes: 1_000_000,
  maxEntryBytes: 600_000,
  maxEntries: 10,
  maxCompressionRatio: 100,
};

/** Overwrites the declared uncompressed size in the local header and the central directory. */
function understateSize(zip: Uint8Array, declared: number): Uint8Array {
  const patched = zip.slice();
  const view = new DataView(patched.buffer);
  for (let offset = 0; offset + 4 <= patched.length; offset++) {
    const signature = view.getUint32(offset, true);
    if (signature === 0x04034b50) view.setUint32(offset + 22, declared, true);
    if (signature === 0x02014b50) view.setUint32(offset + 24, declared, true);
  }
  return patched;
}

describe('assertSafeZip', () => {
  it('accepts a zip within every cap', () => {
    const zip = zipSync({ 'a.xml': new Uint8Array(1000), 'b.xml': new Uint8Array(2000) });
    expect(() => assertSafeZip(zip, limits)).not.toThrow();
  });

  it('rejects an entry that declares more than the per-entry cap', () => {
    const zip = zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(700_000) }, { level: 9 });
    expect(zip.length).toBeLessThan(2_000);
    const error = caught(() => assertSafeZip(zip, limits));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      'Rejected the Excel file: entry "xl/worksheets/sheet1.xml" declares 700000 uncompressed bytes, above the 600000-byte limit (limits.maxEntryBytes)',
    );
  });

  it('counts inflated bytes when the header understates the size', () => {
    const zip = understateSize(
      zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(5_000_000) }, { level: 9 }),
      10,
    );
    expect(caught(() => assertSafeZip(zip, limits)).message).toBe(
      'Rejected the Excel file: entry "xl/worksheets/sheet1.xml" inflates beyond the 600000-byte limit (limits.maxEntryBytes)',
    );
  });

  it('rejects entries that together inflate beyond the total cap', () => {
    const zip = zipSync({
      'a.xml': new Uint8Array(500_000),
      'b.xml': new Uint8Array(500_000),
      'c.xml': new Uint8Array(500_000),
    });
    expect(caught(() => assertSafeZip(zip, limits)).message).toBe(
      'Rejected the Excel file: its entries inflate beyond the 1000000-byte total limit (limits.maxUncompressedBytes)',
    );
  });

  it('stops a zip bomb at its compression ratio, long before the size caps, even when its header lies', () => {
    const roomy = { ...limits, maxUncompressedBytes: 2 ** 31, maxEntryBytes: 2 ** 31 };
    // 64 MiB of zeros compress about 1,000 times: the header understates it as 10 bytes.
    const zip = understateSize(zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(64 * 2 ** 20) }), 10);
    const error = caught(() => assertSafeZip(zip, roomy));
    expect(error.message).toBe(
      'Rejected the Excel file: entry "xl/worksheets/sheet1.xml" inflates more than 100 times its compressed size (limits.maxCompressionRatio), a zip bomb',
    );
    // One 4 KiB slice inflates to at most about 4 MiB: the guard stops there, not at 64 MiB.
    expect(error.details.inflatedBytes).toBeGreaterThan(2 ** 20);
    expect(error.details.inflatedBytes).toBeLessThanOrEqual(5 * 2 ** 20);
  });

  it('accepts spreadsheet-like XML that compresses well below the ratio cap', () => {
    const rows = Array.from(
      { length: 60_000 },
      (_, index) => `<row r="${index + 2}"><c r="A${index + 2}"><v>${(index * 7919) % 1000}</v></c></row>`,
    ).join('');
    const xml = new TextEncoder().encode(rows);
    expect(xml.length).toBeGreaterThan(2 ** 21);
    const zip = zipSync({ 'xl/worksheets/sheet1.xml': xml }, { level: 9 });
    expect(xml.length / zip.length).toBeLessThan(100);
    expect(() =>
      assertSafeZip(zip, { ...limits, maxUncompressedBytes: 2 ** 30, maxEntryBytes: 2 ** 30 }),
    ).not.toThrow();
  });

  it('rejects too many entries', () => {
    const files = Object.fromEntries(
      Array.from({ length: 11 }, (_, index) => [`f${index}.xml`, new Uint8Array(1)]),
    );
    expect(caught(() => assertSafeZip(zipSync(files), limits)).message).toBe(
      'Rejected the Excel file: it has more than 10 entries',
    );
  });

  it('rejects bytes that are not a zip archive', () => {
    expect(caught(() => assertSafeZip(new TextEncoder().encode('not a zip'), limits)).message).toBe(
      'Rejected the Excel file: it is not a zip archive (no entries found)',
    );
  });
});
