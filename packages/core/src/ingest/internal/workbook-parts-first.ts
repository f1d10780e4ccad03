import { unzipSync, zipSync } from 'fflate';

// What exceljs's streaming reader must have read before a worksheet to name it: it reads a worksheet as soon
// as the relationships and shared strings are known, and looks the sheet up in the workbook part.
const workbookParts = [
  'xl/_rels/workbook.xml.rels',
  'xl/workbook.xml',
  'xl/sharedStrings.xml',
  'xl/styles.xml',
];
const worksheetPart = /^xl\/worksheets\/sheet\d+\.xml$/;

/**
 * Returns the archive unchanged when its workbook parts precede its first worksheet, else the same entries
 * repacked (stored, not recompressed) with the workbook parts first. The zip format allows any order and
 * exceljs's own writer puts the workbook part last, which made its streaming reader fail on such files.
 * Call only after the zip guard: unpacking inflates every entry.
 *
 * @param names - the entry names in archive order (from `assertSafeZip`).
 */
export function workbookPartsFirst(bytes: Uint8Array, names: readonly string[]): Uint8Array {
  const firstSheet = names.findIndex((name) => worksheetPart.test(name));
  if (firstSheet === -1) return bytes;
  const ordered = workbookParts.every((part) => {
    const index = names.indexOf(part);
    return index === -1 || index < firstSheet;
  });
  if (ordered) return bytes;
  const files = unzipSync(bytes);
  const repacked: Record<string, Uint8Array> = {};
  for (const part of workbookParts) {
    const data = files[part];
    if (data !== undefined) repacked[part] = data;
  }
  for (const [name, data] of Object.entries(files)) if (!(name in repacked)) repacked[name] = data;
  return zipSync(repacked, { level: 0 });
}
