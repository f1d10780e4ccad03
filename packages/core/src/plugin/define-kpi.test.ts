import { describe, expect, it } from 'vitest';
import { getKpi } from '../kpi/index.js';
import { averageOrderValue } from './__fixtures__/sample-plugin.js';
import { defineKpi } from './define-kpi.js';

describe('defineKpi', () => {
  it('evaluates the formula when no compute is given (12 500 revenue / 250 orders = 50)', () => {
    expect(averageOrderValue.customCompute).toBe(false);
    expect(averageOrderValue.compute({ revenue: 12_500, orders: 250 })).toBe(50);
  });

  it('returns null for a ratio over zero', () => {
    expect(averageOrderValue.compute({ revenue: 100, orders: 0 })).toBeNull();
  });

  it('throws invalid_input when an input the formula needs is missing', () => {
    expect(() => averageOrderValue.compute({ revenue: 100 })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }) as Error,
    );
    expect(() => averageOrderValue.compute(null as never)).toThrow(
      expect.objectContaining({ code: 'invalid_input' }) as Error,
    );
  });

  it('uses a custom compute on validated inputs', () => {
    const trimmed = defineKpi({
      ...getKpi('average_order_value'),
      id: 'aov_rounded',
      compute: (inputs) => Math.round((inputs.revenue as number) / (inputs.orders as number)),
    });
    expect(trimmed.customCompute).toBe(true);
    expect(trimmed.compute({ revenue: 100, orders: 3 })).toBe(33);
  });

  it('throws internal when a custom compute returns NaN', () => {
    const broken = defineKpi({ ...getKpi('average_order_value'), id: 'aov_nan', compute: () => Number.NaN });
    expect(() => broken.compute({ revenue: 1, orders: 1 })).toThrow(
      expect.objectContaining({ code: 'internal' }) as Error,
    );
  });

  it('rejects a definition whose formula unit contradicts the declared unit', () => {
    expect(() => defineKpi({ ...getKpi('average_order_value'), unit: 'percent' })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }) as Error,
    );
  });

  it('freezes the KPI and its definition', () => {
    expect(Object.isFrozen(averageOrderValue)).toBe(true);
    expect(Object.isFrozen(averageOrderValue.definition.metrics)).toBe(true);
  });
});
