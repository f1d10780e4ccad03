/**
 * A small SOQL interpreter for the fixture server: `SELECT fields FROM object [WHERE condition]
 * [ORDER BY field [ASC|DESC], ...] [LIMIT n]`, conditions built from comparisons (`= != < <= > >=`) joined with
 * AND, OR, NOT and parentheses; literals are 'strings', numbers, true/false/null, dates and unquoted date-times
 * (SOQL "Date Formats and Date Literals"). Enough for what the connector sends, and strict about the rest.
 */

export type SoqlValue = string | number | boolean | null;

export type SoqlCondition =
  | { readonly kind: 'and' | 'or'; readonly left: SoqlCondition; readonly right: SoqlCondition }
  | { readonly kind: 'not'; readonly operand: SoqlCondition }
  | {
      readonly kind: 'compare';
      readonly field: string;
      readonly operator: '=' | '!=' | '<' | '<=' | '>' | '>=';
      readonly value: SoqlValue;
      /** The literal was an unquoted date-time: compare as instants. */
      readonly instant: boolean;
    };

export interface SoqlQuery {
  readonly fields: readonly string[];
  readonly object: string;
  readonly where?: SoqlCondition;
  readonly orderBy: readonly { readonly field: string; readonly descending: boolean }[];
  readonly limit?: number;
}

/** A query the fixture cannot parse; the server answers it with MALFORMED_QUERY like Salesforce. */
export class SoqlSyntaxError extends Error {}

const tokenPattern =
  /\s*(?:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2}))|(\d{4}-\d{2}-\d{2})|('(?:[^'\\]|\\.)*')|(-?\d+(?:\.\d+)?)|(!=|<=|>=|=|<|>|\(|\)|,)|([A-Za-z_][A-Za-z0-9_.]*))/y;

type Token =
  | { type: 'datetime' | 'date' | 'string' | 'number' | 'symbol' | 'word'; text: string }
  | { type: 'end'; text: '' };

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = 0;
  let position = 0;
  while (position < soql.length) {
    if (/^\s*$/.test(soql.slice(position))) break;
    tokenPattern.lastIndex = position;
    const match = tokenPattern.exec(soql);
    if (match === null) throw new SoqlSyntaxError(`unexpected token at position ${position}`);
    position = tokenPattern.lastIndex;
    const kinds = ['datetime', 'date', 'string', 'number', 'symbol', 'word'] as const;
    const index = match.slice(1).findIndex((group) => group !== undefined);
    tokens.push({ type: kinds[index] as (typeof kinds)[number], text: match[index + 1] as string });
  }
  tokens.push({ type: 'end', text: '' });
  return tokens;
}

/** Parses the supported SOQL subset. @throws SoqlSyntaxError */
export function parseSoql(soql: string): SoqlQuery {
  const tokens = tokenize(soql);
  let index = 0;
  const peek = () => tokens[index] as Token;
  const next = () => tokens[index++] as Token;
  const isWord = (word: string) => peek().type === 'word' && peek().text.toUpperCase() === word;
  const expectWord = (word: string) => {
    if (!isWord(word)) throw new SoqlSyntaxError(`expected ${word}, found "${peek().text}"`);
    next();
  };
  const identifier = () => {
    const token = next();
    if (token.type !== 'word') throw new SoqlSyntaxError(`expected a field name, found "${token.text}"`);
    return token.text;
  };

  expectWord('SELECT');
  const fields = [identifier()];
  while (peek().text === ',') {
    next();
    fields.push(identifier());
  }
  expectWord('FROM');
  const object = identifier();

  const literal = (): { value: SoqlValue; instant: boolean } => {
    const token = next();
    switch (token.type) {
      case 'datetime':
        return { value: new Date(token.text).toISOString(), instant: true };
      case 'date':
        return { value: token.text, instant: false };
      case 'string':
        return { value: token.text.slice(1, -1).replace(/\\(.)/g, '$1'), instant: false };
      case 'number':
        return { value: Number(token.text), instant: false };
      case 'word': {
        const word = token.text.toLowerCase();
        if (word === 'true' || word === 'false') return { value: word === 'true', instant: false };
        if (word === 'null') return { value: null, instant: false };
      }
    }
    throw new SoqlSyntaxError(`expected a literal, found "${token.text}"`);
  };
  const factor = (): SoqlCondition => {
    if (peek().text === '(') {
      next();
      const inner = expression();
      if (next().text !== ')') throw new SoqlSyntaxError('expected )');
      return inner;
    }
    if (isWord('NOT')) {
      next();
      return { kind: 'not', operand: factor() };
    }
    const field = identifier();
    const operator = next();
    if (operator.type !== 'symbol' || !['=', '!=', '<', '<=', '>', '>='].includes(operator.text)) {
      throw new SoqlSyntaxError(`expected a comparison after ${field}, found "${operator.text}"`);
    }
    const { value, instant } = literal();
    return {
      kind: 'compare',
      field,
      operator: operator.text as '=' | '!=' | '<' | '<=' | '>' | '>=',
      value,
      instant,
    };
  };
  const term = (): SoqlCondition => {
    let left = factor();
    while (isWord('AND')) {
      next();
      left = { kind: 'and', left, right: factor() };
    }
    return left;
  };
  const expression = (): SoqlCondition => {
    let left = term();
    while (isWord('OR')) {
      next();
      left = { kind: 'or', left, right: term() };
    }
    return left;
  };

  let where: SoqlCondition | undefined;
  if (isWord('WHERE')) {
    next();
    where = expression();
  }
  const orderBy: { field: string; descending: boolean }[] = [];
  if (isWord('ORDER')) {
    next();
    expectWord('BY');
    for (;;) {
      const field = identifier();
      let descending = false;
      if (isWord('ASC') || isWord('DESC')) descending = next().text.toUpperCase() === 'DESC';
      orderBy.push({ field, descending });
      if (peek().text !== ',') break;
      next();
    }
  }
  let limit: number | undefined;
  if (isWord('LIMIT')) {
    next();
    limit = Number(next().text);
  }
  if (peek().type !== 'end') throw new SoqlSyntaxError(`unexpected "${peek().text}"`);
  return { fields, object, orderBy, ...(where === undefined ? {} : { where }), ...(limit === undefined ? {} : { limit }) };
}

function compareValues(left: SoqlValue, right: SoqlValue, instant: boolean): number {
  if (left === null || right === null) return left === right ? 0 : left === null ? -1 : 1;
  if (instant) return Date.parse(String(left)) - Date.parse(String(right));
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  const a = String(left);
  const b = String(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `record` satisfies `condition`. */
export function matches(condition: SoqlCondition, record: Readonly<Record<string, unknown>>): boolean {
  switch (condition.kind) {
    case 'and':
      return matches(condition.left, record) && matches(condition.right, record);
    case 'or':
      return matches(condition.left, record) || matches(condition.right, record);
    case 'not':
      return !matches(condition.operand, record);
    case 'compare': {
      const value = (record[condition.field] ?? null) as SoqlValue;
      if (condition.value === null || value === null) {
        const equal = value === condition.value;
        return condition.operator === '=' ? equal : condition.operator === '!=' ? !equal : false;
      }
      const order = compareValues(value, condition.value, condition.instant);
      switch (condition.operator) {
        case '=':
          return order === 0;
        case '!=':
          return order !== 0;
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        case '>=':
          return order >= 0;
      }
    }
  }
}

/** Sorts like SOQL ORDER BY (nulls first when ascending). Date-times are ISO strings, so string order works. */
export function sortRecords<Row extends Readonly<Record<string, unknown>>>(
  records: readonly Row[],
  orderBy: SoqlQuery['orderBy'],
): Row[] {
  return [...records].sort((left, right) => {
    for (const { field, descending } of orderBy) {
      const order = compareValues(
        (left[field] ?? null) as SoqlValue,
        (right[field] ?? null) as SoqlValue,
        false,
      );
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}
