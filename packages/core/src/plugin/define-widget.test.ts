import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sparklineWidget } from './__fixtures__/sample-plugin.js';
import { defineWidget } from './define-widget.js';

const base = {
  id: 'chart',
  name: 'Chart',
  tagName: 'acme-chart',
  accepts: ['timeseries' as const],
  propsSchema: z.object({}),
};

describe('defineWidget', () => {
  it('loads the element class once and caches it', async () => {
    let loads = 0;
    class ChartElement {}
    const widget = defineWidget({
      ...base,
      load: async () => {
        loads++;
        return ChartElement;
      },
    });
    expect(await widget.load()).toBe(ChartElement);
    expect(await widget.load()).toBe(ChartElement);
    expect(loads).toBe(1);
    expect(await sparklineWidget.load()).toBeTypeOf('function');
  });

  it('throws internal when the loader does not produce a class, and retries on the next call', async () => {
    let attempt = 0;
    class Later {}
    const widget = defineWidget({ ...base, load: async () => (attempt++ === 0 ? ({} as never) : Later) });
    await expect(widget.load()).rejects.toMatchObject({ code: 'internal' });
    expect(await widget.load()).toBe(Later);
  });

  it('rejects invalid tag names, empty accepts and non-object props schemas', () => {
    const load = async () => class {};
    for (const tagName of ['chart', 'Acme-Chart', 'font-face', '1-chart']) {
      expect(() => defineWidget({ ...base, tagName, load })).toThrow(
        expect.objectContaining({ code: 'invalid_input' }) as Error,
      );
    }
    expect(() => defineWidget({ ...base, accepts: [], load })).toThrow(/accepts/);
    expect(() => defineWidget({ ...base, propsSchema: z.number(), load })).toThrow(/must describe an object/);
  });
});
