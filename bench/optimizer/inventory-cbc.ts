import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What CBC reported for one model. */
export interface CbcRun {
  readonly status: 'optimal' | 'feasible' | 'infeasible' | 'timeout';
  readonly objective: number | null;
  /** CBC's best bound (its "Lower bound"/"Upper bound" line, in the model's own sense); null when not printed. */
  readonly bound: number | null;
  /** Wall-clock seconds of the CBC process, LP parsing included. */
  readonly timeSeconds: number;
  readonly version: string;
}

/** The `cbc` binary, installing Debian's coinor-cbc when missing (the bench machine allows apt-get). */
export function ensureCbc(): string {
  const found = spawnSync('sh', ['-c', 'command -v cbc'], { encoding: 'utf8' });
  if (found.status === 0) return found.stdout.trim();
  const install = spawnSync(
    'sh',
    ['-c', 'apt-get install -y coinor-cbc || sudo -n apt-get install -y coinor-cbc'],
    {
      stdio: 'inherit',
    },
  );
  if (install.status !== 0) throw new Error('cbc is missing and apt-get install coinor-cbc failed');
  return 'cbc';
}

function numberAfter(text: string, label: string): number | null {
  const match = new RegExp(`${label}\\s*(-?[\\d.]+(?:e[-+]?\\d+)?)`, 'i').exec(text);
  return match ? Number(match[1]) : null;
}

/**
 * Solves CPLEX LP text with CBC (single thread, elapsed-time limit, relative gap) in a fresh process and
 * reads status, objective and bound from its log. The objective of the LP text has no offset.
 */
export function runCbc(lpText: string, options: { timeLimit: number; gapTolerance: number }): CbcRun {
  const binary = ensureCbc();
  const directory = mkdtempSync(join(tmpdir(), 'dyocense-cbc-'));
  try {
    const model = join(directory, 'model.lp');
    const solution = join(directory, 'solution.txt');
    writeFileSync(model, lpText);
    const started = performance.now();
    const run = spawnSync(
      binary,
      [
        model,
        'threads',
        '1',
        'timeMode',
        'elapsed',
        'sec',
        String(options.timeLimit),
        'ratioGap',
        String(options.gapTolerance),
        'solve',
        'solu',
        solution,
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const timeSeconds = (performance.now() - started) / 1000;
    const log = `${run.stdout}\n${run.stderr}`;
    const version = /Version:\s*(\S+)/.exec(log)?.[1] ?? 'unknown';
    const header = readFileSync(solution, 'utf8').split('\n')[0] ?? '';
    const objective = numberAfter(header, 'objective value');
    const status = /^Optimal/.test(header)
      ? 'optimal'
      : /infeasible/i.test(header)
        ? 'infeasible'
        : // On a time-out without an integer point CBC writes the LP relaxation's point; that is no plan.
          /Stopped/.test(header) &&
            objective !== null &&
            !/no integer/i.test(header) &&
            !/No feasible solution/i.test(log)
          ? 'feasible'
          : 'timeout';
    const bound = numberAfter(log, '(?:Lower|Upper) bound:') ?? (status === 'optimal' ? objective : null);
    return { status, objective: status === 'timeout' ? null : objective, bound, timeSeconds, version };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
