import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught } from '../errors/__fixtures__/caught.js';
import { DyocenseError } from '../errors/index.js';
import { type FormulaNode, maxFormulaDepth, parseKpiFormula } from './kpi-formula.js';

/** Prints a tree fully parenthesised, to check precedence and associativity. */
function show(node: FormulaNode): string {
  switch (node.kind) {
    case 'number':
      return String(node.value);
    case 'metric':
      return node.aggregation === null ? node.metric : `${node.aggregation}(${node.metric})`;
    case 'negate':
      return `(-${show(node.operand)})`;
    case 'binary':
      return `(${show(node.left)} ${node.operator} ${show(node.right)})`;
  }
}

describe('parseKpiFormula', () => {
  it('gives * and / precedence over + and -, left to right', () => {
    expect(show(parseKpiFormula('(revenue - cogs) / revenue * 100').root)).toBe(
      '(((revenue - cogs) / revenue) * 100)',
    );
    expect(show(parseKpiFormula('a - b - c + d / e / f').root)).toBe('(((a - b) - c) + ((d / e) / f))');
  });

  it('reads aggregation functions around a metric id', () => {
    const formula = parseKpiFormula('sum(revenue) / sum(orders)');
    expect(formula.references).toEqual([
      { metric: 'revenue', aggregation: 'sum' },
      { metric: 'orders', aggregation: 'sum' },
    ]);
  });

  it('lists distinct references and metrics in order of first appearance', () => {
    const formula = parseKpiFormula('revenue / mean(inventory) + last(inventory) - revenue');
    expect(formula.metrics).toEqual(['revenue', 'inventory']);
    expect(formula.references).toEqual([
      { metric: 'revenue', aggregation: null },
      { metric: 'inventory', aggregation: 'mean' },
      { metric: 'inventory', aggregation: 'last' },
    ]);
  });

  it('accepts the typographic operators − × ÷ and unary minus', () => {
    expect(show(parseKpiFormula('a − b × c ÷ 2').root)).toBe('(a - ((b * c) / 2))');
    expect(show(parseKpiFormula('-a * --2').root)).toBe('((-a) * (-(-2)))');
  });

  it('reads decimals and exponents', () => {
    expect(show(parseKpiFormula('0.5 * .25 + 1e3').root)).toBe('((0.5 * 0.25) + 1000)');
  });

  it('records character spans including parentheses', () => {
    const root = parseKpiFormula(' (a + b) / c').root;
    expect(root).toMatchObject({ kind: 'binary', start: 1, end: 12, left: { start: 1, end: 8 } });
  });

  it('reports an unexpected character with its column', () => {
    const error = caught(() => parseKpiFormula('revenue % orders'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      'Invalid KPI formula at column 9: unexpected character "%" (in "revenue % orders")',
    );
    expect(error.issues[0]).toMatchObject({ path: ['formula'], column: 9 });
  });

  it('reports a missing operand at the end', () => {
    expect(caught(() => parseKpiFormula('sum(revenue) / ')).message).toBe(
      'Invalid KPI formula at column 16: expected a number, a metric id or "(" but found the end of the formula (in "sum(revenue) / ")',
    );
  });

  it('reports an unclosed parenthesis, naming where it opened', () => {
    expect(caught(() => parseKpiFormula('(a + b')).message).toContain(
      'column 7: expected ")" to close the "(" at column 1',
    );
    expect(caught(() => parseKpiFormula('a + b)')).message).toContain('column 6: unmatched ")"');
  });

  it('reports two operands in a row', () => {
    expect(caught(() => parseKpiFormula('revenue orders')).message).toContain(
      'column 9: expected an operator (+ - * /) but found "orders"',
    );
  });

  it('refuses an expression inside an aggregation, which would average ratios', () => {
    expect(caught(() => parseKpiFormula('mean(revenue / orders)')).message).toContain(
      'mean() takes one metric id: aggregate each metric over the period, then combine the results',
    );
  });

  it('refuses unknown functions and upper-case ids', () => {
    expect(caught(() => parseKpiFormula('median(revenue)')).message).toContain('unknown function "median"');
    expect(caught(() => parseKpiFormula('Revenue')).message).toContain('"Revenue" is not a metric id');
  });

  it('refuses empty formulas, malformed numbers and numbers too large for a double', () => {
    expect(caught(() => parseKpiFormula('   ')).message).toContain('formula is empty');
    expect(caught(() => parseKpiFormula('1.2.3')).message).toContain('malformed number');
    expect(caught(() => parseKpiFormula('1e400')).message).toContain('too large');
  });

  it(`refuses nesting deeper than ${maxFormulaDepth} levels instead of overflowing the stack`, () => {
    const deep = `${'('.repeat(maxFormulaDepth + 1)}a${')'.repeat(maxFormulaDepth + 1)}`;
    expect(caught(() => parseKpiFormula(deep)).message).toContain('nested more than 64 levels');
    const shallow = `${'('.repeat(maxFormulaDepth - 1)}a${')'.repeat(maxFormulaDepth - 1)}`;
    expect(parseKpiFormula(shallow).metrics).toEqual(['a']);
  });

  it('gives an AST or a DyocenseError for any string', () => {
    const alphabet = fc.constantFrom(...'abc_sum(mean)0123456789.e+-*/×÷− ,%'.split(''), 'sum(', 'last(');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')),
        ),
        (text) => {
          try {
            const formula = parseKpiFormula(text);
            expect(formula.root.start).toBeGreaterThanOrEqual(0);
            expect(formula.root.end).toBeLessThanOrEqual(text.length);
          } catch (error) {
            expect(DyocenseError.isInstance(error)).toBe(true);
            expect((error as DyocenseError).code).toBe('invalid_input');
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
