import type { Delimiter } from '../source-format.js';

const candidates: readonly Delimiter[] = [',', ';', '\t', '|'];

/** Splits the start of a file into records, honouring quotes, and counts each candidate outside quotes. */
function countPerRecord(text: string, complete: boolean): Map<Delimiter, number[]> {
  const counts = new Map<Delimiter, number[]>(candidates.map((candidate) => [candidate, []]));
  let current = new Map<Delimiter, number>(candidates.map((candidate) => [candidate, 0]));
  let inQuotes = false;
  let recordHasContent = false;
  const finish = (): void => {
    if (recordHasContent) {
      for (const candidate of candidates) counts.get(candidate)?.push(current.get(candidate) ?? 0);
    }
    current = new Map(candidates.map((candidate) => [candidate, 0]));
    recordHasContent = false;
  };
  for (let index = 0; index < text.length; index++) {
    const character = text[index] as string;
    if (character === '"') {
      inQuotes = !inQuotes;
      recordHasContent = true;
    } else if (!inQuotes && (character === '\n' || character === '\r')) {
      finish();
    } else if (!inQuotes) {
      const counted = current.get(character as Delimiter);
      if (counted !== undefined) current.set(character as Delimiter, counted + 1);
      recordHasContent = true;
    }
  }
  if (complete && !inQuotes) finish();
  return counts;
}

/**
 * Picks the delimiter from the start of a file: among `,` `;` tab `|` that occur in the header, the one
 * whose per-record count equals the header's in the most records, then the one with most fields; ties go
 * to the earlier candidate in that list. `,` when none occurs.
 *
 * @param complete - true when `text` is the whole file (its last record is complete).
 */
export function sniffDelimiter(text: string, complete: boolean): Delimiter {
  const counts = countPerRecord(text, complete);
  let best: Delimiter = ',';
  let bestScore = -1;
  let bestFields = 0;
  for (const candidate of candidates) {
    const perRecord = counts.get(candidate) ?? [];
    const header = perRecord[0] ?? 0;
    if (header === 0) continue;
    const consistent = perRecord.filter((count) => count === header).length / perRecord.length;
    if (consistent > bestScore || (consistent === bestScore && header > bestFields)) {
      best = candidate;
      bestScore = consistent;
      bestFields = header;
    }
  }
  return best;
}
