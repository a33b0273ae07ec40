import Papa from 'papaparse';
import { isEmptyRecord } from './raw-table';

const CANDIDATES = [',', '\t', ';', '|'];

/**
 * Picks the delimiter that splits the first lines into the same number (> 1) of fields most
 * consistently; ties go to the one giving more fields. A single-column file gets ','.
 */
export function detectDelimiter(sample: string): string {
  let best = { delimiter: ',', score: 0, fields: 1 };
  for (const delimiter of CANDIDATES) {
    const rows = Papa.parse<string[]>(sample, { delimiter, preview: 30 }).data.filter((r) => !isEmptyRecord(r));
    // The sample may end mid-line: ignore its last row.
    const complete = rows.length > 1 ? rows.slice(0, -1) : rows;
    if (complete.length === 0) continue;
    const counts = new Map<number, number>();
    for (const row of complete) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    const [fields, agreeing] = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
    if (fields < 2) continue;
    const score = agreeing / complete.length;
    if (score > best.score || (score === best.score && fields > best.fields)) best = { delimiter, score, fields };
  }
  return best.delimiter;
}

/** Excel writes `sep=;` as the first line of a CSV to name its delimiter. */
const SEP_LINE = /^sep=(.)[ \t]*(\r?\n|$)/;

export function separatorLine(sample: string): string | undefined {
  return SEP_LINE.exec(sample)?.[1];
}

/** The delimiter of a CSV/TSV: the `sep=` line's, else the one that splits the sample most consistently. */
export function chooseDelimiter(sample: string, given?: string): { delimiter: string; sepLine: boolean } {
  const text = sample.charCodeAt(0) === 0xfeff ? sample.slice(1) : sample;
  const sep = separatorLine(text);
  return { delimiter: given ?? sep ?? detectDelimiter(text), sepLine: sep !== undefined };
}
