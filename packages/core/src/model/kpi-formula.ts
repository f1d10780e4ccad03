import { DyocenseError } from '../errors/index.js';
import { type Aggregation, aggregationSchema } from './aggregation.js';

/** Longest formula accepted, in characters. */
export const maxFormulaLength = 2000;
/** Deepest nesting of parentheses, signs and operators accepted (keeps the recursive parser off the stack limit). */
export const maxFormulaDepth = 64;

/** Half-open character range `[start, end)` in the formula text, 0-based. */
export interface FormulaSpan {
  readonly start: number;
  readonly end: number;
}

/** A numeric constant such as `100` or `0.5`; dimensionless. */
export interface FormulaNumber extends FormulaSpan {
  readonly kind: 'number';
  readonly value: number;
}

/**
 * A metric reference. `aggregation` is `null` for a bare id (the metric's declared aggregation applies)
 * or the function written around it (`sum(revenue)`, `mean(inventory_value)`).
 */
export interface FormulaMetric extends FormulaSpan {
  readonly kind: 'metric';
  readonly metric: string;
  readonly aggregation: Aggregation | null;
}

/** Unary minus. */
export interface FormulaNegate extends FormulaSpan {
  readonly kind: 'negate';
  readonly operand: FormulaNode;
}

/** One of the four arithmetic operators. */
export type FormulaOperator = '+' | '-' | '*' | '/';

/** A binary operation; `*` and `/` bind tighter than `+` and `-`, all are left-associative. */
export interface FormulaBinary extends FormulaSpan {
  readonly kind: 'binary';
  readonly operator: FormulaOperator;
  readonly left: FormulaNode;
  readonly right: FormulaNode;
}

/** A node of a parsed KPI formula. Parentheses leave no node of their own. */
export type FormulaNode = FormulaNumber | FormulaMetric | FormulaNegate | FormulaBinary;

/** A metric as a formula uses it: its id and the aggregation written around it (`null` for the declared one). */
export interface FormulaReference {
  readonly metric: string;
  readonly aggregation: Aggregation | null;
}

/** A parsed formula: the source text, its syntax tree and the metric references it contains. */
export interface KpiFormula {
  readonly text: string;
  readonly root: FormulaNode;
  /** Distinct references in order of first appearance. */
  readonly references: readonly FormulaReference[];
  /** Distinct metric ids in order of first appearance. */
  readonly metrics: readonly string[];
}

type Token =
  | { readonly type: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly type: 'identifier'; readonly name: string; readonly start: number; readonly end: number }
  | {
      readonly type: 'operator';
      readonly operator: FormulaOperator;
      readonly start: number;
      readonly end: number;
    }
  | { readonly type: '(' | ')' | ','; readonly start: number; readonly end: number }
  | { readonly type: 'end'; readonly start: number; readonly end: number };

const operatorSymbols: Readonly<Record<string, FormulaOperator>> = {
  '+': '+',
  '-': '-',
  '\u2212': '-',
  '*': '*',
  '\u00d7': '*',
  '/': '/',
  '\u00f7': '/',
};

function syntaxError(text: string, position: number, reason: string): DyocenseError {
  const column = position + 1;
  return new DyocenseError({
    code: 'invalid_input',
    message: `Invalid KPI formula at column ${column}: ${reason} (in "${text}")`,
    issues: [{ path: ['formula'], code: 'invalid_formula', message: reason, column }],
    details: { formula: text, column },
  });
}

function describe(token: Token, text: string): string {
  if (token.type === 'end') return 'the end of the formula';
  return `"${text.slice(token.start, token.end)}"`;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const character = text[index] as string;
    if (/\s/.test(character)) {
      index++;
      continue;
    }
    const start = index;
    if (/[0-9.]/.test(character)) {
      const match = /^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text.slice(index));
      if (match === null) throw syntaxError(text, start, 'a number needs digits around its decimal point');
      const literal = match[0];
      index += literal.length;
      if (index < text.length && /[A-Za-z0-9_.]/.test(text[index] as string)) {
        throw syntaxError(text, start, `malformed number "${text.slice(start, index + 1)}"`);
      }
      const value = Number(literal);
      if (!Number.isFinite(value)) throw syntaxError(text, start, `number ${literal} is too large`);
      tokens.push({ type: 'number', value, start, end: index });
      continue;
    }
    if (/[A-Za-z_]/.test(character)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(index)) as RegExpExecArray;
      const name = match[0];
      index += name.length;
      if (!/^[a-z][a-z0-9_]*$/.test(name)) {
        throw syntaxError(
          text,
          start,
          `"${name}" is not a metric id (ids are lower-case: a letter, then letters, digits or underscores)`,
        );
      }
      tokens.push({ type: 'identifier', name, start, end: index });
      continue;
    }
    const operator = operatorSymbols[character];
    if (operator !== undefined) {
      tokens.push({ type: 'operator', operator, start, end: index + 1 });
      index++;
      continue;
    }
    if (character === '(' || character === ')' || character === ',') {
      tokens.push({ type: character, start, end: index + 1 });
      index++;
      continue;
    }
    throw syntaxError(text, start, `unexpected character "${character}"`);
  }
  tokens.push({ type: 'end', start: text.length, end: text.length });
  return tokens;
}

class Parser {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): FormulaNode {
    const root = this.expression();
    const next = this.peek();
    if (next.type !== 'end') {
      const reason =
        next.type === ')'
          ? 'unmatched ")"'
          : `expected an operator (+ - * /) but found ${describe(next, this.text)}`;
      throw syntaxError(this.text, next.start, reason);
    }
    return root;
  }

  private peek(): Token {
    return this.tokens[this.position] as Token;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.position++;
    return token;
  }

  private enter(token: Token): void {
    this.depth++;
    if (this.depth > maxFormulaDepth) {
      throw syntaxError(this.text, token.start, `formula is nested more than ${maxFormulaDepth} levels deep`);
    }
  }

  private expression(): FormulaNode {
    this.enter(this.peek());
    let left = this.term();
    for (;;) {
      const token = this.peek();
      if (token.type !== 'operator' || (token.operator !== '+' && token.operator !== '-')) break;
      this.advance();
      const right = this.term();
      left = { kind: 'binary', operator: token.operator, left, right, start: left.start, end: right.end };
    }
    this.depth--;
    return left;
  }

  private term(): FormulaNode {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      if (token.type !== 'operator' || (token.operator !== '*' && token.operator !== '/')) break;
      this.advance();
      const right = this.unary();
      left = { kind: 'binary', operator: token.operator, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): FormulaNode {
    const token = this.peek();
    if (token.type === 'operator' && (token.operator === '-' || token.operator === '+')) {
      this.advance();
      this.enter(token);
      const operand = this.unary();
      this.depth--;
      if (token.operator === '+') return { ...operand, start: token.start };
      return { kind: 'negate', operand, start: token.start, end: operand.end };
    }
    return this.primary();
  }

  private primary(): FormulaNode {
    const token = this.advance();
    switch (token.type) {
      case 'number':
        return { kind: 'number', value: token.value, start: token.start, end: token.end };
      case 'identifier':
        return this.peek().type === '('
          ? this.call(token)
          : this.metric(token.name, null, token.start, token.end);
      case '(': {
        const inner = this.expression();
        const close = this.advance();
        if (close.type !== ')') {
          throw syntaxError(
            this.text,
            close.start,
            `expected ")" to close the "(" at column ${token.start + 1} but found ${describe(close, this.text)}`,
          );
        }
        return { ...inner, start: token.start, end: close.end };
      }
      default:
        throw syntaxError(
          this.text,
          token.start,
          `expected a number, a metric id or "(" but found ${describe(token, this.text)}`,
        );
    }
  }

  private call(name: Extract<Token, { type: 'identifier' }>): FormulaNode {
    const parsed = aggregationSchema.safeParse(name.name);
    if (!parsed.success) {
      throw syntaxError(
        this.text,
        name.start,
        `unknown function "${name.name}" (aggregations are ${aggregationSchema.options.join(', ')})`,
      );
    }
    this.advance();
    const argument = this.advance();
    const close = this.advance();
    if (argument.type !== 'identifier' || close.type !== ')') {
      throw syntaxError(
        this.text,
        argument.start,
        `${name.name}() takes one metric id: aggregate each metric over the period, then combine the results, e.g. sum(revenue) / sum(orders)`,
      );
    }
    return this.metric(argument.name, parsed.data, name.start, close.end);
  }

  private metric(metric: string, aggregation: Aggregation | null, start: number, end: number): FormulaMetric {
    return { kind: 'metric', metric, aggregation, start, end };
  }
}

/**
 * Parses a KPI formula into a syntax tree.
 *
 * Grammar: numbers, metric ids (lower-case slugs), `+ - * /` (also `− × ÷`), unary minus, parentheses, and
 * aggregation functions around a single metric id (`sum(revenue)`, `mean(inventory_value)`, `first(...)`,
 * `last`, `min`, `max`, `count`). A function takes a metric id, never an expression, so a ratio over a
 * period is always a ratio of aggregates: `sum(revenue) / sum(orders)`, not a mean of daily ratios.
 *
 * @throws DyocenseError `invalid_input` whose message and issue give the 1-based column of the problem.
 * @example
 * const formula = parseKpiFormula('(revenue - cogs) / revenue * 100');
 * formula.metrics; // ['revenue', 'cogs']
 */
export function parseKpiFormula(text: string): KpiFormula {
  if (typeof text !== 'string') {
    throw new DyocenseError({ code: 'invalid_input', message: 'Invalid KPI formula: must be a string' });
  }
  if (text.length > maxFormulaLength) {
    throw syntaxError(
      text.slice(0, 40),
      maxFormulaLength,
      `formula is longer than ${maxFormulaLength} characters`,
    );
  }
  if (text.trim().length === 0) throw syntaxError(text, 0, 'formula is empty');
  const root = new Parser(text, tokenize(text)).parse();
  const references: FormulaReference[] = [];
  const metrics: string[] = [];
  const seen = new Set<string>();
  visitMetrics(root, (node) => {
    const key = `${node.aggregation ?? ''}(${node.metric})`;
    if (!seen.has(key)) {
      seen.add(key);
      references.push({ metric: node.metric, aggregation: node.aggregation });
    }
    if (!metrics.includes(node.metric)) metrics.push(node.metric);
  });
  return { text, root, references, metrics };
}

/** Calls `visit` for every metric reference in `node`, left to right. */
export function visitMetrics(node: FormulaNode, visit: (metric: FormulaMetric) => void): void {
  switch (node.kind) {
    case 'number':
      return;
    case 'metric':
      visit(node);
      return;
    case 'negate':
      visitMetrics(node.operand, visit);
      return;
    case 'binary':
      visitMetrics(node.left, visit);
      visitMetrics(node.right, visit);
      return;
  }
}
