import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ingest } from './ingest.js';
import { byteChunks, rejectionOf } from './internal/test-helpers.js';

const day = (month: number, date: number): number => Date.UTC(2024, month - 1, date);

describe('ingest: long layout', () => {
  it('builds one sorted series per unique_id with exogenous columns alongside', async () => {
    const result = await ingest(
      'unique_id,ds,y,promo\nb,2024-01-02,5,no\na,2024-01-02,2.5,false\na,2024-01-01,1,true\nb,2024-01-01,NA,yes\n',
    );
    expect(result.layout).toBe('long');
    expect(result.series).toEqual([
      { id: 'a', metric: 'y', timeZone: 'UTC', timestamps: [day(1, 1), day(1, 2)], values: [1, 2.5] },
      { id: 'b', metric: 'y', timeZone: 'UTC', timestamps: [day(1, 1), day(1, 2)], values: [null, 5] },
    ]);
    expect(result.exogenous).toEqual({
      promo: [
        { id: 'a', metric: 'promo', timeZone: 'UTC', timestamps: [day(1, 1), day(1, 2)], values: [1, 0] },
        { id: 'b', metric: 'promo', timeZone: 'UTC', timestamps: [day(1, 1), day(1, 2)], values: [1, 0] },
      ],
    });
    expect(result.columns).toEqual([
      { name: 'unique_id', index: 0, type: 'string', role: 'id', missing: 0 },
      { name: 'ds', index: 1, type: 'date', role: 'time', missing: 0 },
      { name: 'y', index: 2, type: 'number', role: 'value', missing: 1 },
      { name: 'promo', index: 3, type: 'boolean', role: 'exogenous', missing: 0 },
    ]);
    expect(result.rowCount).toBe(4);
  });

  it('maps custom column names with the columns option', async () => {
    const result = await ingest('date,store,sales,note\n2024-01-01,s1,10,x\n2024-01-02,s1,12,y\n', {
      columns: { id: 'store', time: 'date', value: 'sales' },
    });
    expect(result.series).toEqual([
      { id: 's1', metric: 'sales', timeZone: 'UTC', timestamps: [day(1, 1), day(1, 2)], values: [10, 12] },
    ]);
    expect(result.columns.map((column) => column.role)).toEqual(['time', 'id', 'value', 'exogenous']);
    expect(result.warnings).toEqual([
      'Column "note" holds string values; it is not returned as an exogenous series',
    ]);
  });

  it('reads integer ds as period indices', async () => {
    const result = await ingest('unique_id,ds,y\nx,3,30\nx,1,10\nx,2,20\n');
    expect(result.series).toEqual([
      {
        id: 'x',
        metric: 'y',
        frequency: 'period',
        timeZone: 'UTC',
        timestamps: [1, 2, 3],
        values: [10, 20, 30],
      },
    ]);
  });

  it('reads local date-times in the timeZone option and honours written offsets', async () => {
    const result = await ingest('unique_id,ds,y\na,2024-07-01 09:00,1\na,2024-07-01T09:00:00Z,2\n', {
      timeZone: 'Europe/Paris',
    });
    expect(result.series[0]?.timestamps).toEqual([Date.UTC(2024, 6, 1, 7), Date.UTC(2024, 6, 1, 9)]);
    expect(result.series[0]?.timeZone).toBe('Europe/Paris');
  });
});

describe('ingest: errors name the physical line and column', () => {
  it('names line 7, column 3 for a bad number', async () => {
    const csv =
      'unique_id,ds,y\na,2024-01-01,1\na,2024-01-02,2\na,2024-01-03,3\na,2024-01-04,4\na,2024-01-05,5\na,2024-01-06,"12,x"\n';
    const error = await rejectionOf(ingest(csv));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('line 7, column 3: "12,x" is not a number');
    expect(error.issues).toEqual([
      { path: ['y'], message: '"12,x" is not a number', code: 'invalid_number', line: 7, column: 3 },
    ]);
  });

  it('keeps counting physical lines after a quoted field that spans lines', async () => {
    const csv = 'unique_id,ds,y,note\na,2024-01-01,1,"first\nsecond\nthird"\n\na,2024-01-02,oops,plain\n';
    const error = await rejectionOf(ingest(csv));
    expect(error.message).toBe('line 6, column 3: "oops" is not a number');
  });

  it('lists every issue in line order with the total in the message', async () => {
    const csv = 'unique_id,ds,y\na,2024-01-01,x\n,2024-01-02,1\na,2024-02-30,2\na,2024-01-04\n';
    const error = await rejectionOf(ingest(csv));
    expect(error.message).toBe('line 2, column 3: "x" is not a number (and 3 more issues)');
    expect(error.issues.map(({ line, column, code }) => [line, column, code])).toEqual([
      [2, 3, 'invalid_number'],
      [3, 1, 'missing_value'],
      [4, 2, 'invalid_date'],
      [5, 3, 'wrong_column_count'],
    ]);
    expect(error.details).toEqual({ issueCount: 4, listedIssueCount: 4 });
  });

  it('caps the listed issues at maxIssues but counts them all', async () => {
    const rows = Array.from(
      { length: 30 },
      (_, index) => `a,2024-01-${String(index + 1).padStart(2, '0')},bad`,
    );
    const error = await rejectionOf(ingest(`unique_id,ds,y\n${rows.join('\n')}\n`, { maxIssues: 5 }));
    expect(error.issues).toHaveLength(5);
    expect(error.details).toEqual({ issueCount: 30, listedIssueCount: 5 });
    expect(error.message).toBe('line 2, column 3: "bad" is not a number (and 29 more issues)');
  });

  it('reports a duplicate (unique_id, ds) at the later line, naming the first', async () => {
    const csv =
      'unique_id,ds,y\na,2024-01-01,1\nb,2024-01-01,2\na,2024-01-02,3\na,2024-01-01,4\na,2024-01-01,5\n';
    const error = await rejectionOf(ingest(csv));
    expect(error.message).toBe(
      'line 5, column 2: duplicate key (unique_id "a", ds 2024-01-01) already on line 2 (and 1 more issue)',
    );
    expect(error.issues.map((issue) => [issue.line, issue.code])).toEqual([
      [5, 'duplicate_key'],
      [6, 'duplicate_key'],
    ]);
  });
});

describe('ingest: skip mode', () => {
  it('keeps the good rows and returns the rejected ones with their reasons', async () => {
    const csv = 'unique_id,ds,y\na,2024-01-01,1\na,2024-01-02,x\na,2024-01-03,3\na,2024-01-01,9\n';
    const result = await ingest(csv, { onInvalidRow: 'skip' });
    expect(result.series).toEqual([
      { id: 'a', metric: 'y', timeZone: 'UTC', timestamps: [day(1, 1), day(1, 3)], values: [1, 3] },
    ]);
    expect(result.rowCount).toBe(4);
    expect(result.rejectedCount).toBe(2);
    expect(result.rejected).toEqual([
      {
        line: 3,
        issues: [{ path: ['y'], message: '"x" is not a number', code: 'invalid_number', line: 3, column: 3 }],
      },
      {
        line: 5,
        issues: [
          {
            path: [],
            message: 'duplicate key (unique_id "a", ds 2024-01-01) already on line 2',
            code: 'duplicate_key',
            line: 5,
            column: 2,
          },
        ],
      },
    ]);
  });
});

describe('ingest: wide layout', () => {
  it('reads a date column plus one column per series', async () => {
    const result = await ingest('date,north,south\n2024-01-02,3,\n2024-01-01,1,2\n');
    expect(result.layout).toBe('wide');
    expect(result.series).toEqual([
      { id: 'north', timeZone: 'UTC', timestamps: [day(1, 1), day(1, 2)], values: [1, 3] },
      { id: 'south', timeZone: 'UTC', timestamps: [day(1, 1), day(1, 2)], values: [2, null] },
    ]);
    expect(result.columns.map((column) => column.role)).toEqual(['time', 'series', 'series']);
  });

  it('is chosen explicitly even when a text column would suggest long', async () => {
    const error = await rejectionOf(ingest('date,a,b\n2024-01-01,1,x\n2024-01-02,2,y\n', { layout: 'wide' }));
    expect(error.message).toBe('line 2, column 3: "x" is not a number (and 1 more issue)');
  });
});

describe('ingest: number formats, dates and encodings', () => {
  it('reads decimal commas and dot thousands when the delimiter is a semicolon', async () => {
    const result = await ingest('unique_id;ds;y\na;2024-01-01;1.234,56\na;2024-01-02;-0,5\n');
    expect(result.delimiter).toBe(';');
    expect(result.decimal).toBe(',');
    expect(result.series[0]?.values).toEqual([1234.56, -0.5]);
  });

  it('reads decimal commas in quoted fields with an explicit decimal option', async () => {
    const result = await ingest('unique_id,ds,y\na,2024-01-01,"3,25"\n', { decimal: ',' });
    expect(result.series[0]?.values).toEqual([3.25]);
  });

  it('reads comma thousands with a dot decimal mark', async () => {
    const result = await ingest('unique_id,ds,y\na,2024-01-01,"1,234,567.5"\n');
    expect(result.series[0]?.values).toEqual([1234567.5]);
  });

  it('detects day-first dates from a first field above 12, even after the sample', async () => {
    const lines = Array.from(
      { length: 20 },
      (_, index) => `${String(index + 1).padStart(2, '0')}/02/2024,${index}`,
    );
    const result = await ingest(`date,sales\n${lines.join('\n')}\n`, { sampleRows: 5 });
    expect(result.series[0]?.timestamps.slice(0, 2)).toEqual([day(2, 1), day(2, 2)]);
    expect(result.series[0]?.timestamps).toHaveLength(20);
    expect(result.warnings).toEqual(['Read column "date" as dd/mm/yyyy: line 14 has "13/02/2024"']);
  });

  it('detects month-first dates from a second field above 12', async () => {
    const result = await ingest('date,sales\n01/02/2024,1\n01/13/2024,2\n');
    expect(result.series[0]?.timestamps).toEqual([day(1, 2), day(1, 13)]);
  });

  it('asks for dateFormat when every date reads both ways', async () => {
    const error = await rejectionOf(ingest('date,sales\n01/02/2024,1\n03/04/2024,2\n'));
    expect(error.message).toBe(
      `Ambiguous dates: column "date" has dates such as "01/02/2024" that read both as dd/mm/yyyy and as mm/dd/yyyy; pass the dateFormat option ('dmy' or 'mdy')`,
    );
    const result = await ingest('date,sales\n01/02/2024,1\n03/04/2024,2\n', { dateFormat: 'mdy' });
    expect(result.series[0]?.timestamps).toEqual([day(1, 2), day(3, 4)]);
  });

  it('reads yyyy-mm months', async () => {
    const result = await ingest('month,revenue\n2024-01,5\n2024-02,6\n');
    expect(result.series[0]?.timestamps).toEqual([day(1, 1), day(2, 1)]);
  });

  it('treats the configured missing markers as missing', async () => {
    const result = await ingest('ds,y\n2024-01-01,N/A\n2024-01-02,-\n2024-01-03,null\n2024-01-04,?\n', {
      missingValues: ['N/A', '-', 'null', '?'],
    });
    expect(result.series[0]?.values).toEqual([null, null, null, null]);
    expect(result.columns[1]).toEqual({ name: 'y', index: 1, type: 'empty', role: 'series', missing: 4 });
  });

  it('strips a UTF-8 byte-order mark split across chunks', async () => {
    const bytes = new TextEncoder().encode('\ufeffds,y\n2024-01-01,1\n');
    const result = await ingest(byteChunks(bytes, 1));
    expect(result.columns.map((column) => column.name)).toEqual(['ds', 'y']);
    expect(result.encoding).toBe('utf-8');
  });

  it('decodes UTF-16 little-endian from its byte-order mark', async () => {
    const bytes = new Uint8Array(iconv.encode('\ufeffunique_id,ds,y\nCafé,2024-01-01,1\n', 'utf-16le'));
    const result = await ingest(byteChunks(bytes, 3));
    expect(result.encoding).toBe('utf-16le');
    expect(result.series[0]?.id).toBe('Café');
  });

  it('decodes windows-1252 when asked and explains invalid UTF-8 otherwise', async () => {
    const bytes = new Uint8Array(
      iconv.encode('unique_id,ds,y\nCrème brûlée €,2024-01-01,1\n', 'windows-1252'),
    );
    const result = await ingest(bytes, { encoding: 'windows-1252' });
    expect(result.series[0]?.id).toBe('Crème brûlée €');
    const error = await rejectionOf(ingest(bytes));
    expect(error.message).toBe(
      "The file is not valid utf-8 at line 2: invalid byte sequence starting with 0xE8 at byte offset 17; pass the encoding option, e.g. encoding: 'windows-1252'",
    );
    expect(error.issues).toEqual([
      {
        path: [],
        message: 'invalid byte sequence starting with 0xE8 at byte offset 17',
        code: 'invalid_encoding',
        line: 2,
      },
    ]);
    expect(error.details).toEqual({ byteOffset: 17 });
  });

  it('reads a web ReadableStream source', async () => {
    const stream = new ReadableStream<string>({
      start(controller) {
        controller.enqueue('ds,y\n2024-01-0');
        controller.enqueue('1,7\n');
        controller.close();
      },
    });
    const result = await ingest(stream);
    expect(result.series).toEqual([{ id: 'y', timeZone: 'UTC', timestamps: [day(1, 1)], values: [7] }]);
  });

  it('detects a tab delimiter and handles CRLF line endings', async () => {
    const result = await ingest('unique_id\tds\ty\r\na\t2024-01-01\t1\r\na\t2024-01-02\tbad\r\n', {
      onInvalidRow: 'skip',
    });
    expect(result.delimiter).toBe('\t');
    expect(result.rejected.map((row) => row.line)).toEqual([3]);
  });
});

describe('ingest: whole-file problems', () => {
  it('rejects an empty file', async () => {
    expect((await rejectionOf(ingest(''))).message).toBe('The file is empty: no header row found');
  });

  it('rejects a header without a time column', async () => {
    expect((await rejectionOf(ingest('a,b\n1,2\n'))).message).toBe(
      'Could not find the time column: name it "ds" or pass the columns.time option',
    );
  });

  it('rejects duplicate header names', async () => {
    expect((await rejectionOf(ingest('ds,y,y\n2024-01-01,1,2\n'))).message).toBe(
      'line 1: column name "y" appears twice',
    );
  });

  it('rejects an unclosed quote naming the line where the field starts', async () => {
    const error = await rejectionOf(ingest('ds,y\n2024-01-01,5\n2024-01-02,"1\n2024-01-03,2\n'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      'Malformed CSV at line 3: a quoted field that starts on this line is never closed',
    );
  });

  it('rejects invalid options with the option path', async () => {
    const error = await rejectionOf(ingest('ds,y\n', { timeZone: 'Mars/Olympus' }));
    expect(error.message).toBe(
      'Invalid ingest options: timeZone: must be an IANA time zone such as Europe/Paris',
    );
  });
});
