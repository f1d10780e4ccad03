import { describe, expect, it } from 'vitest';
import { caught } from '../errors/__fixtures__/caught.js';
import {
  addUnits,
  createUnit,
  dimensionless,
  divideUnits,
  formatUnit,
  isDimensionless,
  isUnitExpression,
  multiplyUnits,
  parseUnit,
  unitSatisfies,
  unitsEqual,
} from './unit.js';

describe('parseUnit', () => {
  it('reads base dimensions, qualifiers, exponents and denominators', () => {
    expect(parseUnit('currency/count:orders').factors).toEqual({ currency: 1, 'count:orders': -1 });
    expect(parseUnit('currency:EUR*hours^2/days').factors).toEqual({ 'currency:EUR': 1, hours: 2, days: -1 });
    expect(parseUnit('1/days').factors).toEqual({ days: -1 });
  });

  it('reads ratio and percent as dimensionless', () => {
    expect(parseUnit('percent')).toBe(dimensionless);
    expect(parseUnit('ratio')).toBe(dimensionless);
    expect(parseUnit('currency/currency')).toBe(dimensionless);
  });

  it('rejects unknown dimensions with invalid_input', () => {
    const error = caught(() => parseUnit('dollars'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('unknown unit "dollars"');
  });

  it('rejects a currency code that is not three capital letters', () => {
    expect(caught(() => parseUnit('currency:usd')).message).toBe(
      'Invalid unit "currency:usd": "usd" is not an ISO 4217 currency code (three capital letters)',
    );
  });

  it('rejects percent inside a compound unit and empty terms', () => {
    expect(caught(() => parseUnit('percent/days')).code).toBe('invalid_input');
    expect(caught(() => parseUnit('currency//days')).message).toContain('empty term');
    expect(caught(() => parseUnit('')).message).toBe('Invalid unit "": is empty');
  });
});

describe('formatUnit', () => {
  it('writes numerator factors with * and each denominator factor after /', () => {
    expect(formatUnit(parseUnit('hours*currency/days/count:orders'))).toBe(
      'currency*hours/count:orders/days',
    );
    expect(formatUnit(parseUnit('days^2'))).toBe('days^2');
    expect(formatUnit(parseUnit('1/days'))).toBe('1/days');
    expect(formatUnit(dimensionless)).toBe('ratio');
  });

  it('round-trips through parseUnit', () => {
    for (const text of ['currency:USD/hours', 'count:visits^2/days', 'ratio', '1/hours']) {
      expect(formatUnit(parseUnit(formatUnit(parseUnit(text))))).toBe(formatUnit(parseUnit(text)));
    }
  });

  it('rejects something that is not a unit', () => {
    expect(caught(() => formatUnit({ factors: { parsecs: 1 } })).code).toBe('invalid_input');
  });
});

describe('unit algebra', () => {
  it('multiplies by adding exponents', () => {
    const aov = parseUnit('currency/count:orders');
    expect(formatUnit(multiplyUnits(aov, parseUnit('count:orders')))).toBe('currency');
  });

  it('divides by subtracting exponents', () => {
    expect(formatUnit(divideUnits(parseUnit('currency'), parseUnit('hours')))).toBe('currency/hours');
    expect(isDimensionless(divideUnits(parseUnit('currency'), parseUnit('currency')))).toBe(true);
  });

  it('adds only equal units and returns that unit', () => {
    expect(formatUnit(addUnits(parseUnit('currency'), parseUnit('currency')))).toBe('currency');
    expect(caught(() => addUnits(parseUnit('currency'), parseUnit('count:orders'))).message).toBe(
      'Cannot add or subtract currency and count:orders: both sides must have the same unit',
    );
  });

  it('does not add counts of different things', () => {
    expect(caught(() => addUnits(parseUnit('count:orders'), parseUnit('count:customers'))).code).toBe(
      'invalid_input',
    );
  });

  it('keeps hours and days apart', () => {
    expect(caught(() => addUnits(parseUnit('hours'), parseUnit('days'))).code).toBe('invalid_input');
  });

  it('refuses to mix USD and EUR in any operation', () => {
    const usd = parseUnit('currency:USD');
    const eur = parseUnit('currency:EUR');
    expect(caught(() => divideUnits(usd, eur)).message).toBe(
      'Cannot divide amounts in different currencies (EUR and USD); convert them to one currency first',
    );
    expect(caught(() => addUnits(usd, eur)).code).toBe('invalid_input');
    expect(unitsEqual(usd, eur)).toBe(false);
  });

  it('treats the generic reporting currency as the one code it meets', () => {
    const generic = parseUnit('currency');
    const usd = parseUnit('currency:USD');
    expect(formatUnit(addUnits(generic, usd))).toBe('currency:USD');
    expect(isDimensionless(divideUnits(usd, generic))).toBe(true);
    expect(unitsEqual(generic, usd)).toBe(true);
  });
});

describe('createUnit', () => {
  it('drops zero exponents and sorts factors', () => {
    expect(createUnit({ hours: 0, days: 1, 'count:orders': -1 }).factors).toEqual({
      'count:orders': -1,
      days: 1,
    });
  });

  it('rejects fractional exponents and exponents in keys', () => {
    expect(caught(() => createUnit({ hours: 0.5 })).code).toBe('invalid_input');
    expect(caught(() => createUnit({ 'hours^2': 1 })).code).toBe('invalid_input');
  });
});

describe('unitSatisfies', () => {
  it('accepts a dimensionless result for a percent or ratio declaration', () => {
    expect(unitSatisfies(dimensionless, parseUnit('percent'))).toBe(true);
  });

  it('accepts a quotient of counts of different things as a rate', () => {
    expect(unitSatisfies(parseUnit('count:orders/count:visits'), parseUnit('percent'))).toBe(true);
  });

  it('rejects money per order where a percent is declared', () => {
    expect(unitSatisfies(parseUnit('currency/count:orders'), parseUnit('percent'))).toBe(false);
  });

  it('rejects a USD result for a KPI declared in EUR', () => {
    expect(unitSatisfies(parseUnit('currency:USD'), parseUnit('currency:EUR'))).toBe(false);
  });
});

describe('isUnitExpression', () => {
  it('is true for valid expressions and false otherwise, without throwing', () => {
    expect(isUnitExpression('currency/hours')).toBe(true);
    expect(isUnitExpression('furlongs')).toBe(false);
    expect(isUnitExpression(42)).toBe(false);
  });
});
