// One measurement in its own process so that peak RSS belongs to it alone. Prints one JSON line.
import { createReadStream } from 'node:fs';
import { ingestFile, openTableFile } from '@dyocense/core/ingest';
import { parse } from 'csv-parse';

const [mode, path] = process.argv.slice(2) as [string, string];
const started = performance.now();
let rows = 0;
if (mode === 'reference') {
  // csv-parse alone: the floor any CSV ingestion built on it can reach.
  for await (const _record of createReadStream(path).pipe(parse({ from_line: 2 }))) rows++;
} else if (mode === 'rows') {
  const table = await openTableFile(path);
  for await (const _row of table.rows()) rows++;
} else {
  const result = await ingestFile(path);
  rows = result.rowCount;
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ mode, rows, seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
