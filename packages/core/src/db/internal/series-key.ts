/** Canonical JSON of `dimensions` with keys sorted, so `{a,b}` and `{b,a}` name the same series. */
export function toSeriesKey(dimensions: Readonly<Record<string, string>>): string {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(dimensions).sort()) sorted[key] = dimensions[key] as string;
  return JSON.stringify(sorted);
}
