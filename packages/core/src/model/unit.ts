import { DyocenseError } from '../errors/index.js';

/**
 * A unit as a product of base dimensions raised to integer exponents, e.g. `currency/count:orders` is
 * `{ 'currency': 1, 'count:orders': -1 }`. An empty map is dimensionless (a ratio or a percent).
 *
 * Base dimensions:
 * - `currency` (the reporting currency, whichever it is) or `currency:USD` (an ISO 4217 code);
 * - `count` or `count:<noun>` (`count:orders`, `count:customers`, `count:units`, `count:visits`, ...);
 * - `hours` and `days`, kept apart on purpose: labour hours and calendar days are different quantities in
 *   business formulas, so a formula must not mix them silently.
 */
export interface Unit {
  /** Base dimension key to its non-zero integer exponent. */
  readonly factors: Readonly<Record<string, number>>;
}

/** The dimensionless unit (ratio, percent, plain numbers). */
export const dimensionless: Unit = Object.freeze({ factors: Object.freeze({}) });

const currencyCode = /^[A-Z]{3}$/;
const noun = /^[a-z][a-z0-9_]*$/;
const maxUnitLength = 200;

function invalidUnit(text: string, reason: string): DyocenseError {
  return new DyocenseError({
    code: 'invalid_input',
    message: `Invalid unit "${text}": ${reason}`,
    issues: [{ path: [], code: 'invalid_unit', message: reason }],
  });
}

function parseFactor(text: string, term: string): [string, number] {
  const caret = term.indexOf('^');
  const name = caret === -1 ? term : term.slice(0, caret);
  let exponent = 1;
  if (caret !== -1) {
    const power = term.slice(caret + 1);
    if (!/^[1-9]$/.test(power)) throw invalidUnit(text, `exponent "${power}" must be a digit from 1 to 9`);
    exponent = Number(power);
  }
  const colon = name.indexOf(':');
  const base = colon === -1 ? name : name.slice(0, colon);
  const qualifier = colon === -1 ? undefined : name.slice(colon + 1);
  switch (base) {
    case 'currency':
      if (qualifier !== undefined && !currencyCode.test(qualifier)) {
        throw invalidUnit(text, `"${qualifier}" is not an ISO 4217 currency code (three capital letters)`);
      }
      return [name, exponent];
    case 'count':
      if (qualifier !== undefined && !noun.test(qualifier)) {
        throw invalidUnit(text, `count noun "${qualifier}" must be a lower-case word such as orders`);
      }
      return [name, exponent];
    case 'hours':
    case 'days':
      if (qualifier !== undefined) throw invalidUnit(text, `${base} takes no qualifier`);
      return [name, exponent];
    case 'ratio':
    case 'percent':
      throw invalidUnit(text, `${base} is dimensionless and can only stand alone`);
    default:
      throw invalidUnit(
        text,
        `unknown unit "${name}" (expected currency, currency:XXX, count, count:<noun>, hours, days, ratio or percent)`,
      );
  }
}

/**
 * Parses a unit expression: `ratio`, `percent`, or base dimensions joined by `*` and `/`, each with an
 * optional `^n` exponent (`currency`, `currency:EUR`, `count:orders`, `currency/hours`, `days/count:orders`,
 * `1/days`).
 * Everything after a `/` is in the denominator: `currency/count:orders/hours` is currency per order-hour.
 *
 * @throws DyocenseError `invalid_input` for unknown dimensions, malformed codes or empty terms.
 */
export function parseUnit(text: string): Unit {
  if (typeof text !== 'string') throw invalidUnit(String(text), 'must be a string');
  const trimmed = text.trim();
  if (trimmed.length === 0) throw invalidUnit(text, 'is empty');
  if (trimmed.length > maxUnitLength) throw invalidUnit(text, `is longer than ${maxUnitLength} characters`);
  if (trimmed === 'ratio' || trimmed === 'percent') return dimensionless;
  const factors: Record<string, number> = {};
  const parts = trimmed.split(/([*/])/);
  let sign = 1;
  for (const part of parts) {
    if (part === '*' || part === '/') {
      sign = part === '/' ? -1 : 1;
      continue;
    }
    const term = part.trim();
    if (term.length === 0) throw invalidUnit(text, 'has an empty term around "*" or "/"');
    if (term === '1') continue;
    const [key, exponent] = parseFactor(text, term);
    factors[key] = (factors[key] ?? 0) + sign * exponent;
  }
  return normalise(factors);
}

/** Returns true when `value` is a unit expression {@link parseUnit} accepts. Never throws. */
export function isUnitExpression(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    parseUnit(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds a unit from a map of base dimension keys to integer exponents, dropping zero exponents.
 *
 * @throws DyocenseError `invalid_input` when a key is not a base dimension or an exponent is not an integer.
 */
export function createUnit(factors: Readonly<Record<string, number>>): Unit {
  if (typeof factors !== 'object' || factors === null) {
    throw invalidUnit(String(factors), 'factors must be an object of dimension to exponent');
  }
  const checked: Record<string, number> = {};
  for (const [key, exponent] of Object.entries(factors)) {
    if (!Number.isSafeInteger(exponent)) throw invalidUnit(key, `exponent ${exponent} must be an integer`);
    if (key.includes('^')) throw invalidUnit(key, 'a factor key carries no exponent; put it in the value');
    const [name] = parseFactor(key, key);
    checked[name] = (checked[name] ?? 0) + exponent;
  }
  return normalise(checked);
}

function toValidUnit(unit: Unit): Unit {
  if (
    typeof unit !== 'object' ||
    unit === null ||
    typeof unit.factors !== 'object' ||
    unit.factors === null
  ) {
    throw invalidUnit(String(unit), 'must be an object with a factors map (use parseUnit or createUnit)');
  }
  return createUnit(unit.factors);
}

function normalise(factors: Record<string, number>): Unit {
  const kept: Record<string, number> = {};
  for (const key of Object.keys(factors).sort()) {
    const exponent = factors[key] ?? 0;
    if (exponent !== 0) kept[key] = exponent;
  }
  return Object.keys(kept).length === 0 ? dimensionless : Object.freeze({ factors: Object.freeze(kept) });
}

/**
 * Formats a unit canonically: numerator factors joined by `*`, each denominator factor after a `/`,
 * exponents as `^n`; a dimensionless unit is `ratio`. {@link parseUnit} reads the output back.
 */
export function formatUnit(unit: Unit): string {
  const entries = Object.entries(toValidUnit(unit).factors);
  if (entries.length === 0) return 'ratio';
  const term = (key: string, exponent: number): string => (exponent === 1 ? key : `${key}^${exponent}`);
  const numerator = entries.filter(([, exponent]) => exponent > 0).map(([key, e]) => term(key, e));
  const denominator = entries.filter(([, exponent]) => exponent < 0).map(([key, e]) => term(key, -e));
  const head = numerator.length === 0 ? '1' : numerator.join('*');
  return [head, ...denominator].join('/');
}

/** True when `unit` has no dimensions (a ratio or a percent). */
export function isDimensionless(unit: Unit): boolean {
  return Object.keys(toValidUnit(unit).factors).length === 0;
}

function currencyCodesOf(unit: Unit): string[] {
  return Object.keys(unit.factors)
    .filter((key) => key.startsWith('currency:'))
    .map((key) => key.slice('currency:'.length));
}

/**
 * Rewrites the generic `currency` factor of both units to the one ISO code either of them names, so that
 * "the reporting currency" combines with an explicit code.
 *
 * @throws DyocenseError `invalid_input` when the units name two different currencies.
 */
function unifyCurrencies(left: Unit, right: Unit, operation: string): [Unit, Unit] {
  const codes = [...new Set([...currencyCodesOf(left), ...currencyCodesOf(right)])].sort();
  if (codes.length > 1) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Cannot ${operation} amounts in different currencies (${codes.join(' and ')}); convert them to one currency first`,
      details: { currencies: codes },
    });
  }
  const code = codes[0];
  if (code === undefined) return [left, right];
  const rewrite = (unit: Unit): Unit => {
    const generic = unit.factors.currency;
    if (generic === undefined) return unit;
    const factors: Record<string, number> = { ...unit.factors };
    delete factors.currency;
    const key = `currency:${code}`;
    factors[key] = (factors[key] ?? 0) + generic;
    return normalise(factors);
  };
  return [rewrite(left), rewrite(right)];
}

function combine(left: Unit, right: Unit, sign: 1 | -1): Unit {
  const factors: Record<string, number> = { ...left.factors };
  for (const [key, exponent] of Object.entries(right.factors)) {
    factors[key] = (factors[key] ?? 0) + sign * exponent;
  }
  return normalise(factors);
}

/**
 * The unit of `left × right`: exponents add (`currency/count:orders × count:orders` is `currency`).
 *
 * @throws DyocenseError `invalid_input` when the operands name two different currencies.
 */
export function multiplyUnits(left: Unit, right: Unit): Unit {
  const [a, b] = unifyCurrencies(toValidUnit(left), toValidUnit(right), 'multiply');
  return combine(a, b, 1);
}

/**
 * The unit of `left ÷ right`: exponents subtract (`currency ÷ count:orders` is `currency/count:orders`).
 *
 * @throws DyocenseError `invalid_input` when the operands name two different currencies.
 */
export function divideUnits(left: Unit, right: Unit): Unit {
  const [a, b] = unifyCurrencies(toValidUnit(left), toValidUnit(right), 'divide');
  return combine(a, b, -1);
}

/**
 * True when two units are the same quantity. The generic `currency` equals any single ISO code (it is
 * "the reporting currency"); `USD` and `EUR` never match.
 *
 * @throws DyocenseError `invalid_input` when either argument is not a unit.
 */
export function unitsEqual(left: Unit, right: Unit): boolean {
  const validLeft = toValidUnit(left);
  const validRight = toValidUnit(right);
  let a: Unit;
  let b: Unit;
  try {
    [a, b] = unifyCurrencies(validLeft, validRight, 'compare');
  } catch {
    return false;
  }
  return formatUnit(a) === formatUnit(b);
}

/**
 * The unit of `left + right` or `left − right`: both sides must be the same unit, which is also the result.
 *
 * @throws DyocenseError `invalid_input` naming both units when they differ (e.g. `currency` and
 * `count:orders`, or `count:orders` and `count:customers`) or when they are in different currencies.
 */
export function addUnits(left: Unit, right: Unit): Unit {
  const [a, b] = unifyCurrencies(toValidUnit(left), toValidUnit(right), 'add');
  if (formatUnit(a) !== formatUnit(b)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Cannot add or subtract ${formatUnit(left)} and ${formatUnit(right)}: both sides must have the same unit`,
      details: { left: formatUnit(left), right: formatUnit(right) },
    });
  }
  return a;
}

/**
 * Whether a formula's inferred unit satisfies a declared one. Equal units match (see {@link unitsEqual});
 * a declared `ratio` or `percent` also accepts any quotient of counts (`count:orders/count:visits` is a
 * conversion rate), because counts of different things form a dimensionless rate.
 */
export function unitSatisfies(inferred: Unit, declared: Unit): boolean {
  if (unitsEqual(inferred, declared)) return true;
  if (!isDimensionless(declared)) return false;
  let countExponent = 0;
  for (const [key, exponent] of Object.entries(toValidUnit(inferred).factors)) {
    if (key !== 'count' && !key.startsWith('count:')) return false;
    countExponent += exponent;
  }
  return countExponent === 0;
}
