import type { FormulaNode } from '@dyocense/core';

/**
 * Replaces every metric that another formula defines with that formula, recursively, so the leaves are the
 * tree's inputs. `path` holds the metrics already being expanded; a metric met again on it is a cycle, passed to
 * `onCycle` (which throws) or, without it, left as a leaf.
 */
export function inlineFormula(
  node: FormulaNode,
  definitionOf: (metric: string) => FormulaNode | undefined,
  path: readonly string[],
  onCycle?: (cycle: readonly string[]) => never,
): FormulaNode {
  switch (node.kind) {
    case 'number':
      return node;
    case 'metric': {
      const child = definitionOf(node.metric);
      if (child === undefined) return node;
      if (path.includes(node.metric)) {
        if (onCycle === undefined) return node;
        return onCycle([...path, node.metric]);
      }
      return inlineFormula(child, definitionOf, [...path, node.metric], onCycle);
    }
    case 'negate':
      return { ...node, operand: inlineFormula(node.operand, definitionOf, path, onCycle) };
    case 'binary':
      return {
        ...node,
        left: inlineFormula(node.left, definitionOf, path, onCycle),
        right: inlineFormula(node.right, definitionOf, path, onCycle),
      };
  }
}

/** The distinct metrics a formula reads, left to right. */
export function formulaMetrics(node: FormulaNode, into: string[] = []): string[] {
  if (node.kind === 'metric') {
    if (!into.includes(node.metric)) into.push(node.metric);
  } else if (node.kind === 'negate') formulaMetrics(node.operand, into);
  else if (node.kind === 'binary') {
    formulaMetrics(node.left, into);
    formulaMetrics(node.right, into);
  }
  return into;
}
