import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { autoEts } from './auto-ets.js';

interface RSelection {
  readonly id: string;
  readonly seasonPeriod: number;
  readonly y: number[];
  readonly method: string;
  readonly logLik: number;
  readonly aicc: number;
  readonly candidates: { method: string; aicc: number | null }[];
}

// Recorded by bench/reference/ets-m3-selection.R (R 4.2.2, forecast 8.20); see __fixtures__/README.md.
const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/r-ets-m3.json', import.meta.url), 'utf8'),
) as { series: RSelection[] };

describe('autoEts against R forecast 8.20 ets(y) on M3 monthly series', () => {
  it.each(fixture.series.map((series) => ({ ...series, label: series.id })))(
    '$label selects the model R selects, with the same AICc',
    (series) => {
      const model = autoEts(series.y, { seasonPeriod: series.seasonPeriod });
      expect(model.method).toBe(series.method);
      expect(model.informationCriteria?.aicc).toBeCloseTo(series.aicc, 1);
      expect(model.informationCriteria?.logLikelihood).toBeCloseTo(series.logLik, 1);
    },
  );

  it.each(fixture.series.map((series) => ({ ...series, label: series.id })))(
    '$label gives every candidate the AICc R gives it (within 0.5)',
    (series) => {
      const model = autoEts(series.y, { seasonPeriod: series.seasonPeriod });
      const ours = new Map(model.candidates.map((candidate) => [candidate.method, candidate.aicc]));
      expect([...ours.keys()]).toEqual(series.candidates.map((candidate) => candidate.method));
      for (const candidate of series.candidates) {
        const aicc = ours.get(candidate.method);
        if (candidate.aicc === null) expect(aicc).toBeNull();
        else expect(Math.abs((aicc ?? Number.POSITIVE_INFINITY) - candidate.aicc)).toBeLessThan(0.5);
      }
    },
  );
});
