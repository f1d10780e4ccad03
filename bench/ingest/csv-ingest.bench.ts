import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Writes a long-format CSV (`unique_id,ds,y`) of `rowCount` rows: 100 daily series, deterministic values. */
async function writeLongCsv(path: string, rowCount: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('unique_id,ds,y\n');
  const seriesCount = 100;
  const perSeries = Math.ceil(rowCount / seriesCount);
  const day = 86_400_000;
  const start = Date.UTC(2000, 0, 1);
  let written = 0;
  for (let series = 0; series < seriesCount && written < rowCount; series++) {
    let chunk = '';
    for (let index = 0; index < perSeries && written < rowCount; index++, written++) {
      const ds = new Date(start + index * day).toISOString().slice(0, 10);
      const y = (100 + 10 * Math.sin(index / 7) + ((series * 31 + index * 17) % 13)).toFixed(2);
      chunk += `store-${series},${ds},${y}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface Measurement {
  mode: string;
  rows: number;
  seconds: number;
  peakRssMiB: number;
}

function measure(mode: string, path: string): Measurement {
  const worker = fileURLToPath(new URL('./csv-ingest.worker.ts', import.meta.url));
  const output = execFileSync(
    process.execPath,
    ['--conditions=@dyocense/source', '--import', 'tsx', worker, mode, path],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(output.trim().split('\n').at(-1) as string) as Measurement;
}

/** CSV ingestion of 1M rows: time and peak memory, against csv-parse alone measured in the same run. */
export async function runCsvIngestBench(outDir: string, rowCount = 1_000_000): Promise<string> {
  if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `long-${rowCount}.csv`);
  if (!existsSync(path)) await writeLongCsv(path, rowCount);
  const reference = measure('reference', path);
  const rows = measure('rows', path);
  const ingest = measure('ingest', path);
  const lines = [
    `CSV ingestion, ${rowCount.toLocaleString('en')} rows (${path})`,
    'mode                        rows      seconds  peak RSS MiB  time vs csv-parse',
    ...[reference, rows, ingest].map((m) => {
      const label = {
        reference: 'csv-parse only (reference)',
        rows: 'openTable: typed rows',
        ingest: 'ingest: series + checks',
      }[m.mode];
      return `${(label ?? m.mode).padEnd(26)}  ${String(m.rows).padStart(8)}  ${m.seconds.toFixed(2).padStart(7)}  ${m.peakRssMiB
        .toFixed(0)
        .padStart(12)}  ${(m.seconds / reference.seconds).toFixed(2).padStart(17)}x`;
    }),
  ];
  return lines.join('\n');
}
