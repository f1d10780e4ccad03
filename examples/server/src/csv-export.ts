// First characters that make Excel, LibreOffice or Google Sheets evaluate a cell as a formula (OWASP "CSV
// Injection"; ASVS 1.2.10 adds NUL). `=cmd|' /C calc'!A0` is the classic DDE payload.
const formulaStart = /^[=+\-@\t\r\0]/;
const needsQuotes = /[",\r\n]/;

/** Whether a spreadsheet would read `text` as a formula: it starts with `=`, `+`, `-`, `@`, tab, CR or NUL. */
export function isFormulaLike(text: string): boolean {
  return formulaStart.test(text);
}

/**
 * One text cell of a CSV file: formula-like text gets a leading `'` (spreadsheets then show it as text, OWASP's
 * advice; quoting alone does not stop evaluation), then RFC 4180 quoting when it holds `"`, `,`, CR or LF.
 * Numbers written by the server itself (values, negative ones included) are not text and are not passed here.
 */
export function toCsvTextField(text: string): string {
  const safe = isFormulaLike(text) ? `'${text}` : text;
  return needsQuotes.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One metric point as exported: its instant, value and dimensions. */
export interface ExportedPoint {
  readonly ts: Date;
  readonly value: number;
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * The points as CSV: a header `ts,value` followed by one column per dimension key (sorted), then one CRLF-ended
 * line per point with `ts` in ISO 8601 UTC, the value as a JSON number, and each dimension value (empty when a
 * point lacks that key). Dimension keys and values are text fields ({@link toCsvTextField}).
 */
export function toMetricCsv(points: readonly ExportedPoint[]): string {
  const keys = [...new Set(points.flatMap((point) => Object.keys(point.dimensions)))].sort();
  const lines = [['ts', 'value', ...keys.map(toCsvTextField)].join(',')];
  for (const point of points) {
    const dimensions = keys.map((key) => toCsvTextField(point.dimensions[key] ?? ''));
    lines.push([point.ts.toISOString(), String(point.value), ...dimensions].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
