import type { LinearModel } from './linear-model.js';

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(17).replace(/\.?0+$/, '');
}

function formatTerms(
  terms: readonly { variable: number; coefficient: number }[],
  names: readonly string[],
): string {
  if (terms.length === 0) return `0 ${names[0] ?? 'x0'}`;
  return terms
    .map((term, index) => {
      const sign = term.coefficient < 0 ? '-' : index === 0 ? '' : '+';
      const magnitude = Math.abs(term.coefficient);
      const name = names[term.variable] ?? `x${term.variable}`;
      return `${sign} ${magnitude === 1 ? '' : `${formatNumber(magnitude)} `}${name}`.trim();
    })
    .join(' ');
}

/**
 * Writes a model as CPLEX LP text (readable by CBC, HiGHS, GLPK, Gurobi), for running reference solvers on
 * exactly the model our engine solves. The objective offset is not written (LP readers differ on constants):
 * add `objectiveOffset` to the reference objective. Variables are renamed `x<index>`, rows `c<index>`, so any model name
 * is safe; pass `useModelNames` to keep the model's names when they are LP-safe.
 */
export function toLpText(model: LinearModel, options: { readonly useModelNames?: boolean } = {}): string {
  const names = model.variables.map((variable, index) =>
    options.useModelNames === true ? variable.name : `x${index}`,
  );
  const lines: string[] = [model.sense === 'maximize' ? 'Maximize' : 'Minimize'];
  const objective = model.variables
    .map((variable, index) => ({ variable: index, coefficient: variable.cost ?? 0 }))
    .filter((term) => term.coefficient !== 0);
  lines.push(` obj: ${formatTerms(objective, names)}`);
  lines.push('Subject To');
  model.constraints.forEach((row, index) => {
    const rowName = options.useModelNames === true ? row.name : `c${index}`;
    const body = formatTerms(row.terms, names);
    const lower = row.lower ?? Number.NEGATIVE_INFINITY;
    const upper = row.upper ?? Number.POSITIVE_INFINITY;
    if (lower === upper) lines.push(` ${rowName}: ${body} = ${formatNumber(lower)}`);
    else {
      if (Number.isFinite(lower)) lines.push(` ${rowName}_lo: ${body} >= ${formatNumber(lower)}`);
      if (Number.isFinite(upper)) lines.push(` ${rowName}_up: ${body} <= ${formatNumber(upper)}`);
    }
  });
  lines.push('Bounds');
  model.variables.forEach((variable, index) => {
    const lower = variable.lower ?? 0;
    const upper = variable.upper ?? Number.POSITIVE_INFINITY;
    const name = names[index];
    const lowerText = Number.isFinite(lower) ? formatNumber(lower) : '-inf';
    const upperText = Number.isFinite(upper) ? formatNumber(upper) : '+inf';
    lines.push(` ${lowerText} <= ${name} <= ${upperText}`);
  });
  const integers = names.filter((_, index) => model.variables[index]?.integer === true);
  if (integers.length > 0) {
    lines.push('Generals');
    for (let start = 0; start < integers.length; start += 20)
      lines.push(` ${integers.slice(start, start + 20).join(' ')}`);
  }
  lines.push('End', '');
  return lines.join('\n');
}
