import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliRunner } from './cli-harness.test-support.js';

const directory = mkdtempSync(join(tmpdir(), 'dyocense-cli-'));

function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

const run = cliRunner(directory);

describe('dyocense inspect', () => {
  it('profiles a long CSV: series, frequency, gaps and statistics', async () => {
    file(
      'sales.csv',
      'unique_id,ds,y\nA,2024-01-01,10\nA,2024-01-02,12\nA,2024-01-04,14\nB,2024-01-01,1\nB,2024-01-02,2\nB,2024-01-03,3\n',
    );
    const { code, stdout } = await run('inspect', 'sales.csv', '--json');
    expect(code).toBe(0);
    const profile = JSON.parse(stdout);
    expect(profile.layout).toBe('long');
    expect(profile.rowCount).toBe(6);
    expect(profile.series.map((series: { id: string }) => series.id)).toEqual(['A', 'B']);
    const [a, b] = profile.series;
    expect(a).toMatchObject({
      frequency: 'day',
      start: '2024-01-01',
      end: '2024-01-04',
      count: 3,
      gapCount: 1,
    });
    expect(a.gaps).toEqual([{ after: '2024-01-02', before: '2024-01-04', missing: 1 }]);
    expect(b.statistics).toMatchObject({ count: 3, mean: 2, min: 1, max: 3, median: 2 });
  });

  it('prints a readable report naming the layout and each series', async () => {
    file('two.csv', 'unique_id,ds,y\nA,2024-01-01,10\nA,2024-02-01,12\nA,2024-03-01,11\n');
    const { code, stdout } = await run('inspect', 'two.csv');
    expect(code).toBe(0);
    expect(stdout).toContain('two.csv: csv, utf-8, delimiter ",", decimal "."');
    expect(stdout).toMatch(/^A\s+month\s+2024-01-01\s+2024-03-01\s+3\s+0\s+0\s+0\s+11\s+1\s+10\s+12$/m);
  });

  it('profiles the demo business with --demo', async () => {
    const { code, stdout } = await run('inspect', '--demo', '--json');
    expect(code).toBe(0);
    const profile = JSON.parse(stdout);
    expect(profile.series.length).toBeGreaterThan(30);
    expect(profile.series.every((series: { frequency: string }) => series.frequency === 'day')).toBe(true);
  });

  it('lists invalid rows and duplicates with their line numbers instead of failing', async () => {
    file('bad.csv', 'unique_id,ds,y\nA,2024-01-01,10\nA,2024-01-02,12x\nA,2024-01-01,11\n');
    const { code, stdout } = await run('inspect', 'bad.csv');
    expect(code).toBe(0);
    expect(stdout).toContain('duplicates: 1, invalid rows: 1');
    expect(stdout).toMatch(/^ {2}line 4: .*line 2/m);
    expect(stdout).toMatch(/^ {2}line 3: .*12x/m);
  });

  it('exits 2 when neither a file nor --demo is given, and for unknown flags', async () => {
    expect((await run('inspect')).code).toBe(2);
    const unknown = await run('inspect', '--demo', '--colour');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error[invalid_input]: dyocense inspect: Unknown option '--colour'");
  });
});

describe('dyocense kpi', () => {
  it('exits 2 with error[invalid_input] and the file line of a bad value', async () => {
    file('bad-revenue.csv', 'unique_id,ds,y\nrevenue,2024-01-01,10\nrevenue,2024-01-02,12x\n');
    const { code, stderr } = await run('kpi', '--input', 'bad-revenue.csv', '--kpi', 'revenue');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error\[invalid_input\]: .*line 3.*12x.*\n$/);
  });

  it('computes a ratio KPI per month as the ratio of monthly sums, per entity and in total', async () => {
    file(
      'aov.csv',
      [
        'unique_id,ds,y',
        'shop-1/revenue,2024-01-01,100',
        'shop-1/revenue,2024-01-02,300',
        'shop-1/orders,2024-01-01,4',
        'shop-1/orders,2024-01-02,6',
        'shop-2/revenue,2024-01-01,50',
        'shop-2/orders,2024-01-01,10',
      ].join('\n'),
    );
    const { code, stdout } = await run('kpi', '--input', 'aov.csv', '--kpi', 'average_order_value', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.kpi.id).toBe('average_order_value');
    const values = Object.fromEntries(
      result.entities.map((entity: { entity: string; series: { values: number[] } }) => [
        entity.entity,
        entity.series.values,
      ]),
    );
    // all: (100 + 300 + 50) / (4 + 6 + 10) = 22.5; shop-1: 400 / 10 = 40; shop-2: 50 / 10 = 5.
    expect(values).toEqual({ all: [22.5], 'shop-1': [40], 'shop-2': [5] });
  });

  it('exits 2 naming the missing metrics when the file cannot feed the KPI', async () => {
    file('visits.csv', 'unique_id,ds,y\nweb/visits,2024-01-01,100\n');
    const { code, stderr } = await run('kpi', '--input', 'visits.csv', '--kpi', 'gross_margin_pct');
    expect(code).toBe(2);
    expect(stderr).toBe(
      'error[invalid_input]: KPI "gross_margin_pct" needs metrics revenue, cogs; the file has series for visits (a series id\'s last "/" segment names its metric)\n',
    );
  });

  it('exits 2 for an unknown KPI id', async () => {
    file('one.csv', 'unique_id,ds,y\nrevenue,2024-01-01,1\n');
    const { code, stderr } = await run('kpi', '--input', 'one.csv', '--kpi', 'happiness');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error\[invalid_input\]: .*happiness/);
  });
});

describe('the dyocense binary', () => {
  it('exits 2 for an unknown command with one error line on stderr', async () => {
    const bin = fileURLToPath(new URL('./bin.ts', import.meta.url));
    // cwd is the package, so that `--import tsx` resolves from its node_modules.
    const error = await promisify(execFile)(
      process.execPath,
      ['--conditions=@dyocense/source', '--import', 'tsx', bin, 'frobnicate'],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
      },
    ).then(
      () => undefined,
      (failure: { code: number; stderr: string }) => failure,
    );
    expect(error?.stderr).toBe('error[invalid_input]: unknown command "frobnicate"; try "dyocense --help"\n');
    expect(error?.code).toBe(2);
  });
});
