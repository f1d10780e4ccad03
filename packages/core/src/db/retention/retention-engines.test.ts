import { describe, expect, it } from 'vitest';
import { decodeArchive, encodeArchive } from './archive-file.js';
import {
  type ArchivedPoint,
  archiveChecksum,
  fromMicros,
  mergePoints,
  retentionCutoff,
  toMicros,
} from './archive-points.js';
import { addToPartials, type BucketPartial, bucketStart, finishBuckets } from './bucket-partials.js';
import { mergeRawPoints, readsRawPoints } from './read-archived.js';

const point = (iso: string, seriesKey: string, value: number): ArchivedPoint => ({
  tsMicros: toMicros(new Date(iso)),
  seriesKey,
  value,
  dimensions: seriesKey,
});

describe('retentionCutoff', () => {
  it('keeps whole months: the start of the month holding now - rawDays', () => {
    expect(retentionCutoff(new Date('2026-01-15T00:00:00Z'), 365).toISOString()).toBe(
      '2025-01-01T00:00:00.000Z',
    );
    expect(retentionCutoff(new Date('2026-03-01T00:00:00Z'), 730).toISOString()).toBe(
      '2024-03-01T00:00:00.000Z',
    );
    expect(retentionCutoff(new Date('2026-03-01T00:00:00Z'), 1).toISOString()).toBe(
      '2026-02-01T00:00:00.000Z',
    );
  });
});

describe('bucketStart', () => {
  const at = (iso: string, grain: Parameters<typeof bucketStart>[1]) =>
    new Date(bucketStart(Date.parse(iso), grain)).toISOString();
  it('truncates to UTC buckets like date_trunc, with ISO weeks starting Monday', () => {
    expect(at('2024-12-31T13:45:10.5Z', 'hour')).toBe('2024-12-31T13:00:00.000Z');
    expect(at('2024-12-31T13:45:10.5Z', 'day')).toBe('2024-12-31T00:00:00.000Z');
    // 2025-01-01 is a Wednesday; its ISO week starts Monday 2024-12-30.
    expect(at('2025-01-01T00:00:00Z', 'week')).toBe('2024-12-30T00:00:00.000Z');
    expect(at('2024-12-30T00:00:00Z', 'week')).toBe('2024-12-30T00:00:00.000Z');
    expect(at('2025-01-05T23:59:59Z', 'week')).toBe('2024-12-30T00:00:00.000Z');
    expect(at('1969-12-31T12:00:00Z', 'week')).toBe('1969-12-29T00:00:00.000Z');
    expect(at('2024-08-17T05:00:00Z', 'month')).toBe('2024-08-01T00:00:00.000Z');
    expect(at('2024-08-17T05:00:00Z', 'quarter')).toBe('2024-07-01T00:00:00.000Z');
    expect(at('2024-08-17T05:00:00Z', 'year')).toBe('2024-01-01T00:00:00.000Z');
  });
});

describe('finishBuckets', () => {
  it('aggregates partials and keeps the latest `limit` buckets, oldest first', () => {
    const partials = new Map<number, BucketPartial>();
    for (const [day, value] of [
      [1, 2],
      [1, 4],
      [2, -1],
      [3, 10],
    ] as const) {
      addToPartials(partials, day * 86_400_000, value);
    }
    const values = (aggregation: Parameters<typeof finishBuckets>[1]) =>
      finishBuckets(partials, aggregation, 2).map((bucket) => [bucket.ts.getUTCDate(), bucket.value]);
    expect(values('sum')).toEqual([
      [3, -1],
      [4, 10],
    ]);
    expect(finishBuckets(partials, 'avg', 10).map((bucket) => bucket.value)).toEqual([3, -1, 10]);
    expect(finishBuckets(partials, 'count', 10).map((bucket) => bucket.value)).toEqual([2, 1, 1]);
    expect(finishBuckets(partials, 'min', 10).map((bucket) => bucket.value)).toEqual([2, -1, 10]);
    expect(finishBuckets(partials, 'max', 10).map((bucket) => bucket.value)).toEqual([4, -1, 10]);
  });
});

describe('mergePoints', () => {
  it('sorts by instant then series and lets the newer point win a duplicate', () => {
    const archived = [
      point('2024-01-02T00:00:00Z', '{"s":"b"}', 1),
      point('2024-01-01T00:00:00Z', '{"s":"a"}', 2),
    ];
    const newer = [
      point('2024-01-02T00:00:00Z', '{"s":"b"}', 9),
      point('2024-01-02T00:00:00Z', '{"s":"a"}', 3),
    ];
    expect(
      mergePoints(archived, newer).map((p) => [fromMicros(p.tsMicros).toISOString(), p.seriesKey, p.value]),
    ).toEqual([
      ['2024-01-01T00:00:00.000Z', '{"s":"a"}', 2],
      ['2024-01-02T00:00:00.000Z', '{"s":"a"}', 3],
      ['2024-01-02T00:00:00.000Z', '{"s":"b"}', 9],
    ]);
  });

  it('merges database rows with archived points into the export shape', () => {
    const merged = mergeRawPoints(
      [{ ts: new Date('2024-02-01T00:00:00Z'), series_key: '{}', value: 5, dimensions: {} }],
      [{ ...point('2024-01-31T00:00:00Z', '{"shop":"x"}', 1), dimensions: '{"shop": "x"}' }],
    );
    expect(merged).toEqual([
      { ts: new Date('2024-01-31T00:00:00Z'), value: 1, dimensions: { shop: 'x' } },
      { ts: new Date('2024-02-01T00:00:00Z'), value: 5, dimensions: {} },
    ]);
  });
});

describe('readsRawPoints', () => {
  it('mirrors dyocense_read_metric: hours and bounds inside a day read points, aligned reads rollups', () => {
    expect(readsRawPoints('hour', undefined, undefined)).toBe(true);
    expect(readsRawPoints('day', new Date('2024-01-01T00:00:00Z'), new Date('2024-02-01T00:00:00Z'))).toBe(
      false,
    );
    expect(readsRawPoints('month', new Date('2024-01-01T06:00:00Z'), undefined)).toBe(true);
    expect(readsRawPoints('week', undefined, new Date('2024-01-01T00:00:01Z'))).toBe(true);
  });
});

describe('Parquet archive encoding', () => {
  it('round-trips points exactly (microseconds, IEEE bits, JSON text) and checks them by checksum', async () => {
    const points: ArchivedPoint[] = [
      { tsMicros: -86_400_000_001n, seriesKey: '{}', value: -0, dimensions: '{}' },
      {
        tsMicros: 1_704_067_200_123_456n,
        seriesKey: '{"shop":"é"}',
        value: 0.1 + 0.2,
        dimensions: '{"shop": "é"}',
      },
      {
        tsMicros: 1_704_067_200_123_457n,
        seriesKey: '{"shop":"=1+2"}',
        value: 1e308,
        dimensions: '{"shop": "=1+2"}',
      },
    ];
    const back = await decodeArchive(encodeArchive(points));
    expect(back).toEqual(points);
    expect(Object.is(back[0]?.value, -0)).toBe(true);
    expect(archiveChecksum(back)).toBe(archiveChecksum(points));
    const changed = back.map((p, index) => (index === 1 ? { ...p, value: 0.30000000000000004 + 1e-16 } : p));
    expect(archiveChecksum(changed)).not.toBe(archiveChecksum(points));
    expect(await decodeArchive(encodeArchive([]))).toEqual([]);
  });
});
