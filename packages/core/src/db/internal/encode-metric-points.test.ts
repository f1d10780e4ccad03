import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DyocenseError } from '../../errors/dyocense-error.js';
import { parseInput } from '../../errors/parse-input.js';
import {
  type EncodedPoints,
  encodeCheckedPoints,
  encodeMetricPoints,
  metricPointSchema,
  pickRows,
} from './encode-metric-points.js';
import { toSeriesKey } from './series-key.js';

interface Row {
  metric: string;
  seriesKey: string;
  time: string;
  value: number;
}

function decode(encoded: EncodedPoints): Row[] {
  return encoded.values.map((value, row) => ({
    metric: encoded.metrics[(encoded.metric[row] as number) - 1] as string,
    seriesKey: encoded.seriesKeys[(encoded.series[row] as number) - 1] as string,
    time: encoded.times[(encoded.time[row] as number) - 1] as string,
    value,
  }));
}

/** The meaning of an upload by the zod schema alone: `undefined` when invalid, else its rows (last one wins). */
function reference(points: unknown): Row[] | undefined {
  const parsed = z.array(metricPointSchema).safeParse(points);
  if (!parsed.success) return undefined;
  const rows = new Map<string, Row>();
  for (const point of parsed.data) {
    const row = {
      metric: point.metric,
      seriesKey: toSeriesKey(point.dimensions),
      time: point.ts.toISOString(),
      value: point.value,
    };
    const key = JSON.stringify([row.metric, row.seriesKey, row.time]);
    const first = rows.get(key);
    if (first === undefined) rows.set(key, row);
    else first.value = row.value;
  }
  return [...rows.values()];
}

const metricArbitrary = fc.oneof(
  fc.constantFrom('revenue', 'orders', '', 'x'.repeat(200), 'x'.repeat(201)),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(42, null, undefined),
);
const tsArbitrary = fc.oneof(
  fc.date(),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom(
    '2024-01-01',
    '2024-01-01T10:00:00+02:00',
    '2024-02-30',
    'not a date',
    '',
    '0000-12-31T23:59:59.999Z',
    '0001-01-01T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
    '+010000-01-01T00:00:00.000Z',
    1_700_000_000_000,
    null,
  ),
  fc.constantFrom(
    new Date('0001-01-01T00:00:00.000Z'),
    new Date(Date.parse('0001-01-01T00:00:00.000Z') - 1),
    new Date('9999-12-31T23:59:59.999Z'),
    new Date(Date.parse('9999-12-31T23:59:59.999Z') + 1),
    new Date(Number.NaN),
  ),
);
const valueArbitrary = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, '1', null),
);
const keyArbitrary = fc.oneof(
  fc.constantFrom(
    'store',
    'channel',
    'a',
    'b',
    '',
    '10',
    '9',
    '01',
    '__proto__',
    'k'.repeat(200),
    'k'.repeat(201),
  ),
  fc.string({ maxLength: 6 }),
);
const dimensionsArbitrary = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(
    keyArbitrary,
    fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('v'.repeat(1000), 'v'.repeat(1001), 'quote " and \\ backslash', 5),
    ),
    { maxKeys: 4 },
  ),
  fc.constantFrom(null, [], 'store'),
);
const pointArbitrary = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.record(
      { metric: metricArbitrary, ts: tsArbitrary, value: valueArbitrary, dimensions: dimensionsArbitrary },
      { requiredKeys: ['metric', 'ts', 'value'] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, 7, [], new (class Point {})()) },
);
/** Uploads whose points share dimensions objects and keys, as parsed files do. */
const uploadArbitrary = fc
  .tuple(fc.array(pointArbitrary, { maxLength: 12 }), fc.array(fc.nat(11), { maxLength: 6 }))
  .map(([points, repeats]) => [
    ...points,
    ...repeats.flatMap((index) => (points[index] ? [points[index]] : [])),
  ]);

describe('encodeCheckedPoints', () => {
  it('accepts only what the zod schema accepts, with the same meaning', () => {
    fc.assert(
      fc.property(uploadArbitrary, (points) => {
        const fast = encodeCheckedPoints(points);
        const expected = reference(points);
        if (expected === undefined) expect(fast).toBeUndefined();
        if (fast !== undefined) expect(decode(fast)).toEqual(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('takes the fast path for valid uploads of the common shapes, with the meaning zod gives them', () => {
    const validDate = fc.date({
      min: new Date('0001-01-01T00:00:00.000Z'),
      max: new Date('9999-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    });
    const validPoint = fc.record(
      {
        metric: fc.oneof(fc.constantFrom('revenue', 'orders'), fc.string({ minLength: 1, maxLength: 8 })),
        ts: fc.oneof(
          validDate,
          validDate.map((date) => date.toISOString()),
        ),
        value: fc.double({ noNaN: true, noDefaultInfinity: true }),
        dimensions: fc.dictionary(
          fc.string({ minLength: 1, maxLength: 5 }).filter((key) => key !== '__proto__'),
          fc.string({ maxLength: 5 }),
          { maxKeys: 3 },
        ),
      },
      { requiredKeys: ['metric', 'ts', 'value'] },
    );
    fc.assert(
      fc.property(fc.array(validPoint, { maxLength: 20 }), (points) => {
        const fast = encodeCheckedPoints(points);
        expect(fast).toBeDefined();
        expect(decode(fast as EncodedPoints)).toEqual(reference(points));
      }),
      { numRuns: 500 },
    );
  });

  it('takes the fast path for the common shapes', () => {
    const dimensions = { store: 'north', channel: 'web' };
    const points = [
      { metric: 'revenue', ts: new Date('2024-01-01T00:00:00Z'), value: 1.5, dimensions },
      { metric: 'revenue', ts: '2024-01-02', value: 2 },
      {
        metric: 'orders',
        ts: '2024-01-02T00:00:00Z',
        value: -3,
        dimensions: { channel: 'web', store: 'north' },
      },
    ];
    expect(decode(encodeCheckedPoints(points) as EncodedPoints)).toEqual([
      {
        metric: 'revenue',
        seriesKey: '{"channel":"web","store":"north"}',
        time: '2024-01-01T00:00:00.000Z',
        value: 1.5,
      },
      { metric: 'revenue', seriesKey: '{}', time: '2024-01-02T00:00:00.000Z', value: 2 },
      {
        metric: 'orders',
        seriesKey: '{"channel":"web","store":"north"}',
        time: '2024-01-02T00:00:00.000Z',
        value: -3,
      },
    ]);
  });
});

describe('encodeMetricPoints', () => {
  it('throws exactly the errors of the zod schema, and otherwise encodes the points', () => {
    fc.assert(
      fc.property(uploadArbitrary, (points) => {
        const expected = reference(points);
        if (expected !== undefined) {
          expect(decode(encodeMetricPoints(points))).toEqual(expected);
          return;
        }
        let thrown: unknown;
        try {
          encodeMetricPoints(points);
        } catch (error) {
          thrown = error;
        }
        let fromZod: unknown;
        try {
          parseInput(z.array(metricPointSchema), points, 'metric points');
        } catch (error) {
          fromZod = error;
        }
        expect(DyocenseError.isInstance(thrown)).toBe(true);
        const { message, issues } = thrown as DyocenseError;
        expect({ message, issues }).toEqual({
          message: (fromZod as DyocenseError).message,
          issues: (fromZod as DyocenseError).issues,
        });
      }),
      { numRuns: 1_000 },
    );
  });

  it('names the index of the invalid point', () => {
    const points = [
      { metric: 'orders', ts: '2024-01-01', value: 1 },
      { metric: 'orders', ts: 'not a date', value: 1 },
    ];
    expect(() => encodeMetricPoints(points)).toThrow(/^Invalid metric points: 1\.ts: /);
  });
});

describe('pickRows', () => {
  it('keeps only the dictionary entries the picked rows use, renumbered', () => {
    const encoded = encodeMetricPoints([
      { metric: 'a', ts: '2024-01-01', value: 1, dimensions: { s: '1' } },
      { metric: 'b', ts: '2024-01-02', value: 2, dimensions: { s: '2' } },
      { metric: 'a', ts: '2024-01-03', value: 3, dimensions: { s: '1' } },
    ]);
    const picked = pickRows(encoded, [2, 1]);
    expect(picked.metrics).toEqual(['a', 'b']);
    expect(picked.times).toEqual(['2024-01-03T00:00:00.000Z', '2024-01-02T00:00:00.000Z']);
    expect(decode(picked)).toEqual([decode(encoded)[2], decode(encoded)[1]]);
    expect(decode(pickRows(encoded, { start: 1, end: 3 }))).toEqual(decode(encoded).slice(1));
  });
});
