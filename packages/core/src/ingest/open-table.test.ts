import { describe, expect, it } from 'vitest';
import { openTable } from './open-table.js';

describe('openTable', () => {
  it('streams typed rows with their lines and issues', async () => {
    const table = await openTable(
      'unique_id,ds,y,open\na,2024-01-01,1.5,yes\n\na,2024-01-02,zz,no\na,2024-01-03,2,no\n',
    );
    expect(table.columns).toEqual([
      { name: 'unique_id', index: 0, type: 'string' },
      { name: 'ds', index: 1, type: 'date' },
      { name: 'y', index: 2, type: 'number' },
      { name: 'open', index: 3, type: 'boolean' },
    ]);
    expect(table.layout).toEqual({ kind: 'long', id: 0, time: 1, value: 2, exogenous: [3] });
    const rows = [];
    for await (const row of table.rows()) rows.push(row);
    expect(rows).toEqual([
      { line: 2, values: ['a', Date.UTC(2024, 0, 1), 1.5, true], issues: [] },
      {
        line: 4,
        values: ['a', Date.UTC(2024, 0, 2), null, false],
        issues: [
          { path: ['y'], message: '"zz" is not a number', code: 'invalid_number', line: 4, column: 3 },
        ],
      },
      { line: 5, values: ['a', Date.UTC(2024, 0, 3), 2, false], issues: [] },
    ]);
  });

  it('lets the rows be iterated only once', async () => {
    const table = await openTable('ds,y\n2024-01-01,1\n');
    for await (const _row of table.rows()) {
      // consumed
    }
    await expect(async () => {
      for await (const _row of table.rows()) {
        // second pass
      }
    }).rejects.toThrow('Table.rows() can be iterated only once');
  });

  it('stops reading the source when the consumer stops early', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<string> {
      yield 'ds,y\n';
      for (let index = 0; index < 1000; index++) {
        pulled++;
        yield `${2000 + index}-01-01,${index}\n`;
      }
    }
    const table = await openTable(source(), { sampleRows: 2 });
    for await (const row of table.rows()) if (row.line === 3) break;
    expect(pulled).toBeLessThan(1000);
  });
});
