import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LinearModel } from '../linear-model.js';
import { scheduleShiftsInWorker, solveInWorker } from './solve-in-worker.js';

// max 5x + 4y s.t. 6x + 4y <= 24, x + 2y <= 6, integer: optimum (4, 0) = 20 (see solve.test.ts).
const smallMip: LinearModel = {
  sense: 'maximize',
  variables: [
    { name: 'x', integer: true, cost: 5 },
    { name: 'y', integer: true, cost: 4 },
  ],
  constraints: [
    {
      name: 'a',
      terms: [
        { variable: 0, coefficient: 6 },
        { variable: 1, coefficient: 4 },
      ],
      upper: 24,
    },
    {
      name: 'b',
      terms: [
        { variable: 0, coefficient: 1 },
        { variable: 1, coefficient: 2 },
      ],
      upper: 6,
    },
  ],
};

describe('solveInWorker', () => {
  it('returns the same verified optimum as the in-thread solve', async () => {
    const result = await solveInWorker(smallMip, { gapTolerance: 0 });
    expect(result).toMatchObject({ status: 'optimal', objective: 20, values: [4, 0] });
  }, 30_000);

  it('passes typed errors back from the worker', async () => {
    await expect(solveInWorker(smallMip, { backend: 'lp-solver', timeLimit: 5 })).resolves.toMatchObject({
      objective: 20,
    });
    const tooBig: LinearModel = {
      sense: 'minimize',
      variables: Array.from({ length: 60 }, (_, index) => ({ name: `b${index}`, integer: true, upper: 1 })),
      constraints: [],
    };
    await expect(solveInWorker(tooBig, { backend: 'lp-solver' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  }, 30_000);

  it('stops a long staffing search as soon as the signal aborts', async () => {
    const problem = JSON.parse(
      readFileSync(new URL('../../staffing/__fixtures__/shift-rich-50x150.json', import.meta.url), 'utf8'),
    );
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 1500);
    await expect(
      scheduleShiftsInWorker(problem, { timeLimit: 60, signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'solver_timeout',
      details: { cancelled: true },
    });
    // Without a worker the synchronous solve would run for its whole 60 s.
    expect(performance.now() - started).toBeLessThan(5000);
  }, 30_000);
});
