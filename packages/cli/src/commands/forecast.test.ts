import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRunner } from '../cli-harness.test-support.js';

const directory = mkdtempSync(join(tmpdir(), 'dyocense-forecast-'));

function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

const run = cliRunner(directory);

/** Two monthly series of 36 points (a seasonal one and a trending one), unsorted rows. */
function monthlyCsv(): string {
  const rows: string[] = [];
  for (let index = 35; index >= 0; index--) {
    const month = new Date(Date.UTC(2021, index, 1)).toISOString().slice(0, 10);
    rows.push(
      `shop-a,${month},${(100 + 20 * Math.sin((2 * Math.PI * index) / 12) + (index % 5)).toFixed(2)}`,
    );
    rows.push(`shop-b,${month},${(50 + 2 * index + (index % 3)).toFixed(2)}`);
  }
  return `unique_id,ds,y\n${rows.join('\n')}\n`;
}

describe('dyocense forecast', () => {
  it('writes unique_id,ds,model,yhat,lo80,hi80,lo95,hi95 for every series and step', async () => {
    file('train.csv', monthlyCsv());
    const { code, stdout, stderr } = await run(
      'forecast',
      '--input',
      'train.csv',
      '--horizon',
      '3',
      '--model',
      'theta',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('unique_id,ds,model,yhat,lo80,hi80,lo95,hi95');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(/^shop-a,2024-01-01,theta,[\d.]+,[\d.]+,[\d.]+,[\d.]+,[\d.]+$/);
    expect(lines[6]).toMatch(/^shop-b,2024-03-01,theta,/);
    for (const line of lines.slice(1)) {
      const [, , , yhat, lo80, hi80, lo95, hi95] = line.split(',').map(Number);
      expect(lo95).toBeLessThanOrEqual(lo80 as number);
      expect(lo80).toBeLessThanOrEqual(yhat as number);
      expect(yhat).toBeLessThanOrEqual(hi80 as number);
      expect(hi80).toBeLessThanOrEqual(hi95 as number);
    }
  });

  it('follows --level in the interval columns and honours --season', async () => {
    file('train.csv', monthlyCsv());
    const { code, stdout } = await run(
      'forecast',
      '--input',
      'train.csv',
      '--horizon',
      '2',
      '--level',
      '90',
      '--season',
      '12',
      '--model',
      'snaive',
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('unique_id,ds,model,yhat,lo90,hi90');
    // Seasonal naive repeats the value of January 2023 for January 2024.
    const january = (100 + 20 * Math.sin((2 * Math.PI * 24) / 12) + (24 % 5)).toFixed(2);
    expect(Number(lines[1]?.split(',')[3])).toBeCloseTo(Number(january), 6);
  });

  it('writes the same records as a JSON array for a .json output', async () => {
    file('train.csv', monthlyCsv());
    const { code } = await run(
      'forecast',
      '--input',
      'train.csv',
      '--horizon',
      '2',
      '--model',
      'naive',
      '--output',
      'out.json',
    );
    expect(code).toBe(0);
    const records = JSON.parse(readFileSync(join(directory, 'out.json'), 'utf8'));
    expect(records).toHaveLength(4);
    expect(records[0]).toMatchObject({ unique_id: 'shop-a', ds: '2024-01-01', model: 'naive' });
    expect(Object.keys(records[0])).toEqual([
      'unique_id',
      'ds',
      'model',
      'yhat',
      'lo80',
      'hi80',
      'lo95',
      'hi95',
    ]);
  });

  it('gives the same output with --jobs 2 as in one thread', async () => {
    file('train.csv', monthlyCsv());
    const single = await run('forecast', '--input', 'train.csv', '--horizon', '4', '--output', 'one.csv');
    const parallel = await run(
      'forecast',
      '--input',
      'train.csv',
      '--horizon',
      '4',
      '--jobs',
      '2',
      '--output',
      'two.csv',
    );
    expect(single.code).toBe(0);
    expect(parallel.code).toBe(0);
    expect(readFileSync(join(directory, 'two.csv'), 'utf8')).toBe(
      readFileSync(join(directory, 'one.csv'), 'utf8'),
    );
  }, 60_000);

  it('exits 2 with one error line when --horizon is missing', async () => {
    file('train.csv', monthlyCsv());
    const { code, stderr } = await run('forecast', '--input', 'train.csv');
    expect(code).toBe(2);
    expect(stderr).toBe('error[invalid_input]: dyocense forecast: --horizon H is required\n');
  });

  it('exits 2 for an unknown model or frequency', async () => {
    file('train.csv', monthlyCsv());
    expect((await run('forecast', '--input', 'train.csv', '--horizon', '2', '--model', 'magic')).code).toBe(
      2,
    );
    expect(
      (await run('forecast', '--input', 'train.csv', '--horizon', '2', '--freq', 'fortnight')).code,
    ).toBe(2);
  });

  it('names the gaps and exits 2 unless a gap policy fills them', async () => {
    file('gaps.csv', 'unique_id,ds,y\nA,2024-01-01,1\nA,2024-01-02,2\nA,2024-01-05,5\nA,2024-01-06,6\n');
    const failed = await run('forecast', '--input', 'gaps.csv', '--horizon', '2');
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(
      /^error\[invalid_input\]: series "A": .*2 between 2024-01-02 and 2024-01-05/,
    );
    const filled = await run(
      'forecast',
      '--input',
      'gaps.csv',
      '--horizon',
      '2',
      '--gap-policy',
      'interpolate',
      '--model',
      'naive',
    );
    expect(filled.code).toBe(0);
    expect(filled.stderr).toContain('filled by linear interpolation');
    expect(filled.stdout).toContain('A,2024-01-07,naive,6,');
  });

  it('rejects duplicated (unique_id, ds) rows with invalid_input', async () => {
    file('dup.csv', 'unique_id,ds,y\nA,2024-01-01,1\nA,2024-01-01,2\n');
    const { code, stderr } = await run('forecast', '--input', 'dup.csv', '--horizon', '2');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error\[invalid_input\]/);
  });

  it('accepts the prophet, mstl and regression models', async () => {
    file('train.csv', monthlyCsv());
    for (const model of ['prophet', 'mstl', 'regression']) {
      const { code, stdout } = await run(
        'forecast',
        'train.csv',
        '--horizon',
        '3',
        '--model',
        model,
        '--quiet',
      );
      expect(code).toBe(0);
      const rows = stdout.trim().split('\n').slice(1);
      expect(rows).toHaveLength(6);
      expect(rows.every((row) => row.split(',')[2] === model)).toBe(true);
      expect(rows.every((row) => Number.isFinite(Number(row.split(',')[3])))).toBe(true);
    }
  }, 60_000);

  it('adds country holidays to the prophet model with --holidays', async () => {
    // Two years of daily sales ending 2023-12-17 (a Sunday), +80 on 25 and 26 December, a weekly cycle.
    const rows: string[] = [];
    const end = Date.UTC(2023, 11, 17);
    for (let index = 0; index < 730; index++) {
      const date = new Date(end - (729 - index) * 86_400_000).toISOString().slice(0, 10);
      const christmas = date.endsWith('-12-25') || date.endsWith('-12-26') ? 80 : 0;
      const value = 200 + 15 * Math.sin((2 * Math.PI * index) / 7) + christmas + ((index * 37) % 7) / 3;
      rows.push(`shop,${date},${value.toFixed(3)}`);
    }
    file('daily.csv', `unique_id,ds,y\n${rows.join('\n')}\n`);
    const { code, stdout } = await run(
      'forecast',
      'daily.csv',
      '--horizon',
      '14',
      '--model',
      'prophet',
      '--holidays',
      'GB',
      '--quiet',
    );
    expect(code).toBe(0);
    const yhat = (date: string): number =>
      Number(
        stdout
          .split('\n')
          .find((line) => line.startsWith(`shop,${date},`))
          ?.split(',')[3],
      );
    expect(yhat('2023-12-25') - yhat('2023-12-18')).toBeGreaterThan(60);
  }, 60_000);

  it('exits 2 for --holidays without the prophet model or a bad --season-periods', async () => {
    file('train.csv', monthlyCsv());
    const holidays = await run(
      'forecast',
      'train.csv',
      '--horizon',
      '2',
      '--model',
      'ets',
      '--holidays',
      'GB',
    );
    expect(holidays.code).toBe(2);
    expect(holidays.stderr).toContain('--holidays needs --model prophet');
    const periods = await run('forecast', 'train.csv', '--horizon', '2', '--season-periods', '1,x');
    expect(periods.code).toBe(2);
    expect(periods.stderr).toContain('--season-periods takes periods of at least 2');
  });

  it('passes --season-periods to mstl', async () => {
    file('train.csv', monthlyCsv());
    const yearly = await run('forecast', 'train.csv', '--horizon', '3', '--model', 'mstl', '--quiet');
    const quarterly = await run(
      'forecast',
      'train.csv',
      '--horizon',
      '3',
      '--model',
      'mstl',
      '--season-periods',
      '4',
      '--quiet',
    );
    expect(quarterly.code).toBe(0);
    expect(quarterly.stdout).not.toBe(yearly.stdout);
  });
});
