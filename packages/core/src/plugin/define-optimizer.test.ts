import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { reorderOptimizer } from './__fixtures__/sample-plugin.js';
import { createPluginContext } from './create-plugin-context.js';
import { defineOptimizer } from './define-optimizer.js';

const manifest = { id: 'acme/shop', permissions: { allowedHosts: [], secrets: [] } };

describe('defineOptimizer', () => {
  it('solves a valid problem and validates the solution', async () => {
    expect(await reorderOptimizer.solve({ dailyDemand: 4, leadTimeDays: 3 })).toEqual({ reorderPoint: 12 });
  });

  it('throws invalid_input with zod issues for an invalid problem', async () => {
    await expect(reorderOptimizer.solve({ dailyDemand: -1 })).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [
        expect.objectContaining({ path: ['dailyDemand'] }),
        expect.objectContaining({ path: ['leadTimeDays'] }),
      ],
    });
  });

  it('throws internal when the solution does not match the output schema', async () => {
    const broken = defineOptimizer({
      id: 'broken',
      name: 'Broken',
      inputSchema: z.object({}),
      outputSchema: z.object({ total: z.number() }),
      solve: () => ({ total: 'many' }) as never,
    });
    await expect(broken.solve({})).rejects.toMatchObject({ code: 'internal' });
  });

  it('rejects with the abort reason when the signal aborts mid-solve, even if the solver ignores it', async () => {
    const controller = new AbortController();
    const slow = defineOptimizer({
      id: 'slow',
      name: 'Slow',
      inputSchema: z.object({}),
      outputSchema: z.object({ done: z.boolean() }),
      solve: () =>
        new Promise<{ done: boolean }>((resolve) => setTimeout(() => resolve({ done: true }), 5_000)),
    });
    const context = createPluginContext({ manifest, signal: controller.signal });
    const solving = slow.solve({}, context);
    setTimeout(() => controller.abort(new Error('user cancelled')), 10);
    const started = Date.now();
    await expect(solving).rejects.toThrow('user cancelled');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('does not start when the signal is already aborted', async () => {
    let called = false;
    const optimizer = defineOptimizer({
      id: 'eager',
      name: 'Eager',
      inputSchema: z.object({}),
      outputSchema: z.object({}),
      solve: () => {
        called = true;
        return {};
      },
    });
    const context = createPluginContext({ manifest, signal: AbortSignal.abort(new Error('gone')) });
    await expect(optimizer.solve({}, context)).rejects.toThrow('gone');
    expect(called).toBe(false);
  });
});
