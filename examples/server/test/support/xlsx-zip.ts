import { constants, crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/** One file of a zip archive: its bytes, or a block repeated `times` (compressed as a stream, never held whole). */
export type ZipEntryContent =
  | Uint8Array
  | {
      readonly head: Uint8Array;
      readonly block: Uint8Array;
      readonly times: number;
      readonly tail: Uint8Array;
    };

interface CompressedEntry {
  readonly name: Buffer;
  readonly data: Buffer;
  readonly crc: number;
  readonly size: number;
}

async function compress(content: ZipEntryContent): Promise<{ data: Buffer; crc: number; size: number }> {
  if (content instanceof Uint8Array) {
    return { data: deflateRawSync(content, { level: 9 }), crc: crc32(content), size: content.length };
  }
  const deflate = createDeflateRaw({ level: 9, strategy: constants.Z_DEFAULT_STRATEGY });
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  const finished = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const write = async (bytes: Uint8Array) => {
    if (!deflate.write(bytes)) await new Promise((resolve) => deflate.once('drain', resolve));
  };
  let crc = crc32(content.head);
  await write(content.head);
  for (let index = 0; index < content.times; index++) {
    crc = crc32(content.block, crc);
    await write(content.block);
  }
  crc = crc32(content.tail, crc);
  await write(content.tail);
  deflate.end();
  await finished;
  return {
    data: Buffer.concat(parts),
    crc,
    size: content.head.length + content.block.length * content.times + content.tail.length,
  };
}

/** A zip archive (deflate, no data descriptors, no zip64) built with node:zlib. */
export async function buildZip(files: Readonly<Record<string, ZipEntryContent>>): Promise<Buffer> {
  const entries: CompressedEntry[] = [];
  for (const [name, content] of Object.entries(files)) {
    const { data, crc, size } = await compress(content);
    entries.push({ name: Buffer.from(name), data, crc, size });
  }
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(entry.name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(entry.crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(entry.name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, entry.name, entry.data);
    centrals.push(central, entry.name);
    offset += local.length + entry.name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const text = (value: string) => Buffer.from(value);
const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relationships = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet workbook other than the sheet itself. */
const workbookParts: Record<string, Uint8Array> = {
  '[Content_Types].xml': text(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  ),
  '_rels/.rels': text(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${relationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ),
  'xl/workbook.xml': text(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${main}" xmlns:r="${relationships}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  ),
  'xl/_rels/workbook.xml.rels': text(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${relationships}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  ),
};

const sheetHead = text(
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${main}"><sheetData>`,
);
const sheetTail = text('</sheetData></worksheet>');

function inlineString(reference: string, value: string): string {
  return `<c r="${reference}" t="inlineStr"><is><t>${value}</t></is></c>`;
}

function cell(column: number, row: number, value: string | number): string {
  const reference = `${String.fromCharCode(65 + column)}${row}`;
  return typeof value === 'number'
    ? `<c r="${reference}"><v>${value}</v></c>`
    : inlineString(reference, value);
}

/** A real .xlsx whose only sheet holds `rows` (strings as inline strings, numbers as numbers; at most 26 columns). */
export function buildXlsx(rows: readonly (readonly (string | number)[])[]): Promise<Buffer> {
  const xml = rows
    .map(
      (row, index) =>
        `<row r="${index + 1}">${row.map((value, column) => cell(column, index + 1, value)).join('')}</row>`,
    )
    .join('');
  return buildZip({
    ...workbookParts,
    'xl/worksheets/sheet1.xml': Buffer.concat([sheetHead, text(xml), sheetTail]),
  });
}

/**
 * An .xlsx zip bomb: a header row, then one identical row repeated until the sheet XML reaches `sheetBytes`
 * (deflate shrinks it about 300 times). Its zip headers state the true size; see {@link understateSizes}.
 */
export function buildXlsxBomb(sheetBytes: number): Promise<Buffer> {
  // Every data row claims to be row 2: the bomb is about size, and a reader must refuse it before parsing.
  const header = `<row r="1">${cell(0, 1, 'ds')}${cell(1, 1, 'y')}</row>`;
  const block = text(`<row r="2">${cell(0, 2, '2024-01-01')}${cell(1, 2, 1)}</row>`.repeat(1_000));
  const head = Buffer.concat([sheetHead, text(header)]);
  const times = Math.ceil((sheetBytes - head.length - sheetTail.length) / block.length);
  return buildZip({ ...workbookParts, 'xl/worksheets/sheet1.xml': { head, block, times, tail: sheetTail } });
}

/** A copy of `zip` whose every entry declares `declared` uncompressed bytes in both headers, as a lying bomb does. */
export function understateSizes(zip: Buffer, declared: number): Buffer {
  const patched = Buffer.from(zip);
  for (let offset = 0; offset + 4 <= patched.length; offset++) {
    const signature = patched.readUInt32LE(offset);
    if (signature === 0x04034b50) patched.writeUInt32LE(declared, offset + 22);
    if (signature === 0x02014b50) patched.writeUInt32LE(declared, offset + 24);
  }
  return patched;
}
