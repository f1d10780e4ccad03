// Runs CBC (Debian coinor-cbc, installed when missing) on a LinearModel and re-checks its point with our checker.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSolution, type LinearModel, toLpText } from '../../packages/optimizer/src/index.js';

/** What CBC reported on one model, after our own check of its point. */
export interface StaffingCbcRun {
  readonly status: 'optimal' | 'feasible' | 'infeasible' | 'timeout' | 'wrong';
  readonly objective: number | null;
  readonly bound: number | null;
  readonly wallSeconds: number;
  readonly cpuSeconds: number | null;
}

/** Makes sure `cbc` is on the PATH, installing coinor-cbc with apt-get (as root or through sudo) if needed. */
export function ensureStaffingCbc(): void {
  if (spawnSync('cbc', ['-quit']).error === undefined) return;
  process.stderr.write('cbc not found: installing coinor-cbc with apt-get\n');
  const environment = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const aptGet = (args: readonly string[]) =>
    process.getuid?.() === 0
      ? spawnSync('apt-get', args, { stdio: 'inherit', env: environment })
      : spawnSync('sudo', ['apt-get', ...args], { stdio: 'inherit', env: environment });
  aptGet(['update']);
  aptGet(['install', '-y', 'coinor-cbc']);
  if (spawnSync('cbc', ['-quit']).error !== undefined)
    throw new Error('cbc is missing and installing coinor-cbc failed');
}

function numberAfter(text: string, label: string): number | null {
  const match = new RegExp(`${label}\\s*(-?[\\d.]+(?:e[-+]?\\d+)?)`).exec(text);
  return match === null ? null : Number(match[1]);
}

/** Solves with CBC 1 thread, elapsed-time limit and relative gap; parses its solution file and checks it. */
export function runStaffingCbc(model: LinearModel, timeLimit: number, gapTolerance: number): StaffingCbcRun {
  const directory = mkdtempSync(join(tmpdir(), 'dyocense-staffing-cbc-'));
  try {
    const lpPath = join(directory, 'model.lp');
    const solutionPath = join(directory, 'solution.txt');
    writeFileSync(lpPath, toLpText(model));
    const started = performance.now();
    const run = spawnSync(
      'cbc',
      [
        lpPath,
        'threads',
        '1',
        'timeMode',
        'elapsed',
        'seconds',
        String(timeLimit),
        'ratioGap',
        String(gapTolerance),
        'solve',
        'solution',
        solutionPath,
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const wallSeconds = (performance.now() - started) / 1000;
    const log = run.stdout;
    const cpuSeconds = numberAfter(log, 'Total time \\(CPU seconds\\):');
    const text = readFileSync(solutionPath, 'utf8');
    const header = text.split('\n')[0] ?? '';
    if (/infeasible/i.test(header))
      return { status: 'infeasible', objective: null, bound: null, wallSeconds, cpuSeconds };
    const values = new Array<number>(model.variables.length).fill(0);
    for (const line of text.split('\n').slice(1)) {
      const parts = line
        .trim()
        .replace(/^\*\*\s*/, '')
        .split(/\s+/);
      const name = parts[1];
      if (name === undefined || !name.startsWith('x')) continue;
      values[Number(name.slice(1))] = Number(parts[2]);
    }
    const check = checkSolution(model, values, 1e-6);
    if (!check.feasible) {
      // CBC writes the LP point when it stops without an integer solution: no plan.
      return {
        status: /Stopped/i.test(header) ? 'timeout' : 'wrong',
        objective: null,
        bound: null,
        wallSeconds,
        cpuSeconds,
      };
    }
    const bound = numberAfter(log, 'Lower bound:') ?? (header.startsWith('Optimal') ? check.objective : null);
    return {
      status: header.startsWith('Optimal') ? 'optimal' : 'feasible',
      objective: check.objective,
      bound: bound === null ? null : bound + (model.objectiveOffset ?? 0),
      wallSeconds,
      cpuSeconds,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
