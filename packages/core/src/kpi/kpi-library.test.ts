import { describe, expect, it } from 'vitest';
import { DyocenseError } from '../errors/index.js';
import { compileKpi } from '../model/kpi-definition.js';
import { builtInKpiIds, getKpi, kpiLibrary } from './kpi-library.js';

describe('kpiLibrary', () => {
  it('holds the SMB and SCOR level-1 KPIs', () => {
    expect(builtInKpiIds).toEqual([
      'revenue',
      'orders',
      'average_order_value',
      'gross_margin_pct',
      'conversion_rate',
      'inventory_turnover',
      'days_inventory_on_hand',
      'stockout_rate',
      'labour_cost_pct',
      'revenue_per_labour_hour',
      'customer_acquisition_cost',
      'churn_rate',
      'cash_conversion_cycle',
      'perfect_order_fulfillment',
      'order_fulfillment_cycle_time',
      'cash_to_cash_cycle_time',
      'inventory_days_of_supply',
    ]);
  });

  it.each(builtInKpiIds)(
    '%s compiles: valid schema, known metrics and a unit that matches its declaration',
    (id) => {
      const compiled = compileKpi(kpiLibrary[id]);
      expect(compiled.definition.id).toBe(id);
    },
  );

  it('is frozen', () => {
    expect(Object.isFrozen(kpiLibrary)).toBe(true);
    expect(Object.isFrozen(kpiLibrary.gross_margin_pct.metrics)).toBe(true);
  });
});

describe('getKpi', () => {
  it('returns the built-in definition', () => {
    expect(getKpi('gross_margin_pct').formula).toBe('(revenue - cogs) / revenue * 100');
  });

  it('throws not_found listing the available ids', () => {
    let error: unknown;
    try {
      getKpi('ebitda');
    } catch (caught) {
      error = caught;
    }
    expect(DyocenseError.isInstance(error) && error.code).toBe('not_found');
    expect((error as DyocenseError).message).toMatch(
      /^No built-in KPI "ebitda"\. Available: revenue, orders, /,
    );
  });

  it('does not treat inherited properties as KPIs', () => {
    expect(() => getKpi('toString')).toThrow('No built-in KPI "toString"');
  });
});
