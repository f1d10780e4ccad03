import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRunner } from '../cli-harness.test-support.js';

const directory = mkdtempSync(join(tmpdir(), 'dyocense-optimize-'));
// The engines' own copies of the shared benchmark instances (a clone runs without ../shared).
const shared = (path: string) => {
  const [kind, file] = path.split('/') as [string, string];
  return new URL(`../../../optimizer/src/${kind}/__fixtures__/${file}`, import.meta.url).pathname;
};

function file(name: string, value: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

const run = cliRunner(directory);

describe('dyocense optimize', () => {
  it('solves the shared inventory LP and prints the plan as JSON', async () => {
    const { code, stdout, stderr } = await run(
      'optimize',
      'inventory',
      '--input',
      shared('inventory/inv-lp-50.json'),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout) as { status: string; expectedProfitGain: number; orders: unknown[] };
    expect(plan.status).toBe('optimal');
    // CBC's optimum of the same model (packages/optimizer/src/inventory/__fixtures__/cbc-objectives.json).
    expect(plan.expectedProfitGain).toBeCloseTo(7493.82213888, 4);
    expect(plan.orders.length).toBeGreaterThan(0);
  });

  it('writes --output and prints the explanation instead', async () => {
    const { code, stdout } = await run(
      'optimize',
      'inventory',
      '--input',
      shared('inventory/inv-mip-50.json'),
      '--output',
      'plan.json',
      '--time-limit',
      '30',
      '--gap',
      '0.01',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Order \d+ of 50 products/);
    const plan = JSON.parse(readFileSync(join(directory, 'plan.json'), 'utf8')) as { model: string };
    expect(plan.model).toBe('mip');
  });

  it('schedules the shared 20x50 staffing instance at its proven optimum 7148.88', async () => {
    const { code, stdout } = await run(
      'optimize',
      'staffing',
      '--input',
      shared('staffing/shift-core-20x50.json'),
      '--time-limit',
      '60',
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { status: string; objective: number };
    expect(result.objective).toBeCloseTo(7148.88, 1);
  });

  it('exits 3 with the explanation on stderr and in the JSON when budget minimums cannot be met', async () => {
    const input = file('budget.json', {
      totalBudget: 100,
      channels: [
        { id: 'search', min: 80, response: { type: 'log', a: 50, b: 10 } },
        { id: 'social', min: 40, response: { type: 'log', a: 50, b: 10 } },
      ],
    });
    const { code, stdout, stderr } = await run('optimize', 'budget', '--input', input);
    expect(code).toBe(3);
    expect(stderr).toBe(
      'error[infeasible]: the channel minimums add up to $120.00, $20.00 more than the total budget of $100.00\n',
    );
    expect(JSON.parse(stdout)).toMatchObject({ status: 'infeasible' });
  });

  it('exits 3 when a shift needs more staff than can work it', async () => {
    const problem = JSON.parse(readFileSync(shared('staffing/shift-core-20x50.json'), 'utf8')) as {
      shifts: { minStaff: number }[];
    };
    const shifts = problem.shifts.map((shift, index) => (index === 0 ? { ...shift, minStaff: 40 } : shift));
    const { code, stdout, stderr } = await run(
      'optimize',
      'staffing',
      '--input',
      file('short.json', { ...problem, shifts }),
    );
    expect(code).toBe(3);
    expect(stderr).toMatch(/^error\[infeasible\]: /);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'infeasible' });
  });

  it('allocates a budget by equal marginal returns', async () => {
    const input = file('channels.json', {
      totalBudget: 1000,
      segments: 10,
      channels: [
        { id: 'search', response: { type: 'log', a: 200, b: 100 } },
        { id: 'social', response: { type: 'log', a: 100, b: 100 } },
      ],
    });
    const { code, stdout } = await run('optimize', 'budget', '--input', input);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout) as { channels: { spend: number }[] };
    expect(plan.channels.map((channel) => Math.round(channel.spend))).toEqual([700, 300]);
  });

  it('assigns tasks by value and exits 3 when required tasks need more hours than the skilled workers have', async () => {
    // Ann (4 h) can do both 3-hour tasks but only one fits; Bob has no skill: the best plan takes the 50.
    const workers = [
      { id: 'ann', skills: ['bake'], capacity: 4 },
      { id: 'bob', skills: [], capacity: 8 },
    ];
    const tasks = [
      { id: 'bread', skill: 'bake', hours: 3, value: 50 },
      { id: 'cake', skill: 'bake', hours: 3, value: 30 },
    ];
    const ok = await run('optimize', 'assignment', '--input', file('tasks.json', { workers, tasks }));
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      value: 50,
      assignments: [{ workerId: 'ann', taskId: 'bread' }],
    });
    const required = tasks.map((task) => ({ ...task, required: true }));
    const none = await run(
      'optimize',
      'assignment',
      '--input',
      file('both.json', { workers, tasks: required }),
    );
    expect(none.code).toBe(3);
    expect(none.stderr).toBe(
      'error[infeasible]: Required bake tasks need 6 h but workers with that skill have 4 h\n',
    );
    expect(JSON.parse(none.stdout)).toMatchObject({ status: 'infeasible' });
  });

  it('exits 2 naming the field for negative demand, and for an unknown problem kind', async () => {
    const problem = JSON.parse(readFileSync(shared('inventory/inv-lp-50.json'), 'utf8')) as {
      products: { weeklyDemandMean: number }[];
    };
    const products = problem.products.map((product, index) =>
      index === 0 ? { ...product, weeklyDemandMean: -1 } : product,
    );
    const bad = await run('optimize', 'inventory', '--input', file('bad.json', { ...problem, products }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^error\[invalid_input\]: Invalid inventory ordering problem: products\.0\.weeklyDemandMean/,
    );
    const unknown = await run('optimize', 'pricing', '--input', 'x.json');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/first argument must be one of inventory, staffing, assignment, budget/);
  });
});
