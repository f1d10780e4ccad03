import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/index.js';

describe('startServer on embedded PGlite', () => {
  const directory = mkdtempSync(join(tmpdir(), 'dyocense-serve-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  // Seeding 50,000 demo points into PGlite, then reopening it, takes ~30 s on a quiet 2-core machine.
  it('seeds the demo tenant once, prints working tokens, and reopens the same data', {
    timeout: 180_000,
  }, async () => {
    const lines: string[] = [];
    const first = await startServer({
      port: 0,
      dataDirectory: directory,
      logger: false,
      print: (line) => lines.push(line),
    });
    try {
      expect(lines.some((line) => /^Seeded the demo tenant with \d+ metric points\.$/.test(line))).toBe(true);
      const viewer = lines
        .find((line) => line.startsWith('Demo viewer token: '))
        ?.slice('Demo viewer token: '.length);
      const admin = lines
        .find((line) => line.startsWith('Demo admin token: '))
        ?.slice('Demo admin token: '.length);
      const metrics = await fetch(`${first.url}/v1/metrics`, {
        headers: { authorization: `Bearer ${viewer}` },
      });
      expect(metrics.status).toBe(200);
      const names = ((await metrics.json()) as { metrics: { metric: string }[] }).metrics.map(
        (entry) => entry.metric,
      );
      expect(names).toEqual(expect.arrayContaining(['revenue', 'orders', 'cogs']));
      const audit = await fetch(`${first.url}/v1/audit-log`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(
        ((await audit.json()) as { entries: { action: string }[] }).entries.map((entry) => entry.action),
      ).toEqual(['demo.seed']);
      // The data directory is locked while the server runs.
      await expect(
        startServer({ port: 0, dataDirectory: directory, logger: false, print: () => {} }),
      ).rejects.toMatchObject({
        code: 'conflict',
      });
    } finally {
      await first.close();
    }

    const again: string[] = [];
    const second = await startServer({
      port: 0,
      dataDirectory: directory,
      logger: false,
      print: (line) => again.push(line),
    });
    try {
      expect(again.some((line) => line.startsWith('Seeded'))).toBe(false);
      const viewer = again
        .find((line) => line.startsWith('Demo viewer token: '))
        ?.slice('Demo viewer token: '.length);
      const revenue = await fetch(`${second.url}/v1/metrics/revenue?grain=year`, {
        headers: { authorization: `Bearer ${viewer}` },
      });
      const body = (await revenue.json()) as { points: { value: number }[] };
      expect(body.points.length).toBeGreaterThanOrEqual(2);
      expect(body.points.every((point) => point.value > 0)).toBe(true);
    } finally {
      await second.close();
    }
  });
});
