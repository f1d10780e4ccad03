import type { LinearConstraint, LinearModel, LinearTerm, LinearVariable } from './linear-model.js';

/** Incremental construction of a {@link LinearModel}; variables are referred to by the index `addVariable` returns. */
export interface LinearModelBuilder {
  /** Adds a variable and returns its index. */
  addVariable(variable: LinearVariable): number;
  /** Adds a row `lower <= sum(terms) <= upper` and returns its index. Zero coefficients are dropped. */
  addConstraint(constraint: LinearConstraint): number;
  /** Number of variables added so far. */
  readonly variableCount: number;
  /** The model built so far (arrays are shared, not copied). */
  build(): LinearModel;
}

/**
 * Creates a builder for a {@link LinearModel}.
 *
 * @example
 * const builder = createLinearModelBuilder('maximize');
 * const chairs = builder.addVariable({ name: 'chairs', integer: true, cost: 30 });
 * const tables = builder.addVariable({ name: 'tables', integer: true, cost: 50 });
 * builder.addConstraint({ name: 'carpentry', terms: [{ variable: chairs, coefficient: 1 }, { variable: tables, coefficient: 2 }], upper: 40 });
 * const model = builder.build();
 */
export function createLinearModelBuilder(
  sense: LinearModel['sense'],
  objectiveOffset = 0,
): LinearModelBuilder {
  const variables: LinearVariable[] = [];
  const constraints: LinearConstraint[] = [];
  return {
    addVariable(variable) {
      variables.push(variable);
      return variables.length - 1;
    },
    addConstraint(constraint) {
      const terms: LinearTerm[] = constraint.terms.filter((term) => term.coefficient !== 0);
      constraints.push({ ...constraint, terms });
      return constraints.length - 1;
    },
    get variableCount() {
      return variables.length;
    },
    build() {
      return { sense, variables, constraints, objectiveOffset };
    },
  };
}
