import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineOptimizer } from './define-optimizer.js';

describe('defineOptimizer types', () => {
  it('infers the problem from inputSchema and the solution from outputSchema', async () => {
    const optimizer = defineOptimizer({
      id: 'typed',
      name: 'Typed',
      inputSchema: z.object({ demand: z.number(), buffer: z.number().default(0) }),
      outputSchema: z.object({ order: z.number() }),
      solve: (problem) => {
        expectTypeOf(problem).toEqualTypeOf<{ demand: number; buffer: number }>();
        return { order: problem.demand + problem.buffer };
      },
    });
    expectTypeOf(await optimizer.solve({ demand: 1 })).toEqualTypeOf<{ order: number }>();
  });
});
