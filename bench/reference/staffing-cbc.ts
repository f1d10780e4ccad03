// Records CBC's answers on the staffing MIPs our engine builds, as fixtures for
// packages/optimizer/src/staffing/schedule-shifts.test.ts. Run from the repository root:
//   node --conditions=@dyocense/source --import tsx bench/reference/staffing-cbc.ts
// Needs the Debian package coinor-cbc (`apt-get install -y coinor-cbc`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toLpText, toStaffingLinearModel } from '../../packages/optimizer/src/index.js';

const fixtures = fileURLToPath(
  new URL('../../packages/optimizer/src/staffing/__fixtures__/', import.meta.url),
);
const instances = ['shift-core-20x50', 'shift-rich-20x50'];
const work = mkdtempSync(join(tmpdir(), 'dyocense-cbc-'));

const version = /Version: (\S+)/.exec(execFileSync('cbc', ['-quit'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
const results = instances.map((name) => {
  const problem: unknown = JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8'));
  const model = toStaffingLinearModel(problem as Parameters<typeof toStaffingLinearModel>[0]);
  const lpPath = join(work, `${name}.lp`);
  const solutionPath = join(work, `${name}.sol`);
  writeFileSync(lpPath, toLpText(model));
  const args = [
    lpPath,
    'ratioGap',
    '0',
    'allowableGap',
    '1e-7',
    'threads',
    '1',
    'seconds',
    '600',
    'solve',
    'solution',
    solutionPath,
  ];
  const log = execFileSync('cbc', args, { encoding: 'utf8' });
  const header = readFileSync(solutionPath, 'utf8').split('\n')[0] ?? '';
  const objective = Number(/objective value\s+(-?[\d.e+-]+)/.exec(header)?.[1]);
  const logged = Number(/Objective value:\s+(-?[\d.e+-]+)/.exec(log)?.[1] ?? objective);
  return {
    instance: name,
    status: header.split(' ')[0],
    objective: objective + (model.objectiveOffset ?? 0),
    objectiveInLog: logged,
    variables: model.variables.length,
    constraints: model.constraints.length,
    solver: `CBC ${version} (Debian coinor-cbc)`,
    command: `cbc model.lp ${args.slice(1, -2).join(' ')}`,
  };
});
writeFileSync(join(fixtures, 'cbc-reference.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
