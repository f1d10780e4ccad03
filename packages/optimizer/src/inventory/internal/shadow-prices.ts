import type { LinearModel } from '../../solver/linear-model.js';
import { solve } from '../../solver/solve.js';
import type { SolveOptions } from '../../solver/solve-options.js';
import type { OrderModel, OrderRow } from './build-order-model.js';

/** A row that binds in the pricing LP with the value of relaxing it by one unit (currency per unit). */
export interface PricedRow {
  readonly row: OrderRow;
  /** Gain in expected profit per unit the limit is relaxed (raised for caps, lowered for minimums). */
  readonly shadowPrice: number;
}

function activity(model: LinearModel, rowIndex: number, values: readonly number[]): number {
  const row = model.constraints[rowIndex];
  if (row === undefined) return 0;
  return row.terms.reduce((total, term) => total + term.coefficient * (values[term.variable] ?? 0), 0);
}

function withRowSide(
  model: LinearModel,
  rowIndex: number,
  side: 'lower' | 'upper',
  value: number,
): LinearModel {
  return {
    ...model,
    constraints: model.constraints.map((row, index) =>
      index === rowIndex ? { ...row, [side]: value } : row,
    ),
  };
}

/**
 * Shadow prices of the binding rows of the pricing LP: the model itself for an LP and, for the MIP, the model with
 * the supplier decisions fixed at the plan's values and case packs relaxed to continuous quantities. The prices are
 * the LP's row duals (HiGHS); without duals (`lp-solver`) each binding limit is relaxed by a small step
 * δ = 1e-4·max(1, |limit|) and the LP re-solved, the gain over δ being the right-hand derivative.
 */
export async function priceBindingRows(
  order: OrderModel,
  values: readonly number[],
  objective: number,
  duals: Readonly<Record<string, number>> | null,
  options: SolveOptions,
): Promise<{ basis: 'lp' | 'fixed-supplier-lp'; rows: PricedRow[] }> {
  let pricing = order.model;
  let pricingValues = values;
  let pricingObjective = objective;
  let pricingDuals = duals;
  if (order.integer) {
    const fixed = new Set(order.supplierColumns.values());
    pricing = {
      ...order.model,
      variables: order.model.variables.map((variable, index) => {
        if (!fixed.has(index)) return { ...variable, integer: false };
        const value = Math.round(values[index] ?? 0);
        return { ...variable, integer: false, lower: value, upper: value };
      }),
    };
    const relaxed = await solve(pricing, options);
    if (relaxed.values === null || relaxed.objective === null)
      return { basis: 'fixed-supplier-lp', rows: [] };
    pricingValues = relaxed.values;
    pricingObjective = relaxed.objective;
    pricingDuals = relaxed.duals;
  }
  const rows: PricedRow[] = [];
  for (const row of order.rows) {
    const constraint = pricing.constraints[row.row];
    const limit = row.direction === 'upper' ? constraint?.upper : constraint?.lower;
    if (limit === undefined) continue;
    const used = activity(pricing, row.row, pricingValues);
    const scale =
      row.kind === 'supplier-minimum'
        ? Math.max(1, Math.abs(limitOfMinimum(pricing, row)))
        : Math.max(1, Math.abs(limit));
    if (Math.abs(used - limit) > 1e-7 * scale) continue;
    const dual = pricingDuals?.[constraint?.name ?? ''];
    if (dual !== undefined) {
      // A dual is d(objective)/d(side): relaxing a minimum means lowering its side, hence the sign flip.
      const price = row.direction === 'upper' ? dual : -dual;
      rows.push({ row, shadowPrice: Math.abs(price) < 1e-9 ? 0 : price });
      continue;
    }
    const step = 1e-4 * scale;
    const moved = row.direction === 'upper' ? limit + step : limit - step;
    const result = await solve(withRowSide(pricing, row.row, row.direction, moved), options);
    if (result.objective === null) continue;
    const price = (result.objective - pricingObjective) / step;
    rows.push({ row, shadowPrice: Math.abs(price) < 1e-9 ? 0 : price });
  }
  return { basis: order.integer ? 'fixed-supplier-lp' : 'lp', rows };
}

/** A supplier-minimum row is `spend − minimum·z ≥ 0`; its scale is the minimum order value. */
function limitOfMinimum(model: LinearModel, row: OrderRow): number {
  const constraint = model.constraints[row.row];
  const last = constraint?.terms[constraint.terms.length - 1];
  return last === undefined ? 0 : -last.coefficient;
}
