/**
 * Writes minimal XLSX workbooks for tests (shared strings, date styles, comments, hostile parts),
 * with the same zip library the reader uses, so fixtures are generated rather than stored as blobs.
 */
import { zipSync, strToU8, type Zippable } from 'fflate';

export type XlsxCell = string | number | boolean | null | { date: number } | { raw: string };

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Excel serial day number of a UTC epoch-ms instant (1900 system). */
export function excelSerial(ms: number): number {
  return (ms - Date.UTC(1899, 11, 30)) / 86_400_000;
}

export interface WorkbookOptions {
  /** Extra parts (path → XML text) such as comments or hostile additions. */
  extraParts?: Record<string, string>;
  /** Replace the first sheet's XML entirely. */
  sheetXml?: string;
  /** Sheets after the first (ignored by the reader). */
  moreSheets?: XlsxCell[][][];
}

function sheetXml(rows: XlsxCell[][], strings: string[]): string {
  const index = (text: string): number => {
    let i = strings.indexOf(text);
    if (i < 0) i = strings.push(text) - 1;
    return i;
  };
  const body = rows
    .map((row, r) => {
      const cells = row
        .map((cell, c) => {
          const ref = `${columnName(c)}${r + 1}`;
          if (cell === null) return '';
          if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
          if (typeof cell === 'boolean') return `<c r="${ref}" t="b"><v>${cell ? 1 : 0}</v></c>`;
          if (typeof cell === 'string') return `<c r="${ref}" t="s"><v>${index(cell)}</v></c>`;
          if ('date' in cell) return `<c r="${ref}" s="1"><v>${excelSerial(cell.date)}</v></c>`;
          return cell.raw;
        })
        .join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
}

/** A workbook whose first sheet holds `rows`; `{date}` cells are serial numbers with a date style. */
export function xlsxBytes(rows: XlsxCell[][], opts: WorkbookOptions = {}): Buffer {
  const strings: string[] = [];
  const sheets = [rows, ...(opts.moreSheets ?? [])];
  const sheetParts = sheets.map((s, i) => (i === 0 && opts.sheetXml ? opts.sheetXml : sheetXml(s, strings)));
  const sst = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}">${strings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`;
  const files: Zippable = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.map((_, i) => `<sheet name="Sheet${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`,
    ),
    'xl/styles.xml': strToU8('<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'),
    'xl/sharedStrings.xml': strToU8(sst),
  };
  sheetParts.forEach((xml, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(xml)));
  for (const [name, xml] of Object.entries(opts.extraParts ?? {})) files[name] = strToU8(xml);
  return Buffer.from(zipSync(files));
}

/** A workbook whose sheet part is `megabytes` of zeros: a few kilobytes on disk, a zip bomb when opened. */
export function zipBombXlsx(megabytes: number): Buffer {
  const zeros = new Uint8Array(megabytes * 2 ** 20);
  const files: Zippable = {
    'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
    'xl/worksheets/sheet1.xml': [zeros, { level: 1 }],
  };
  return Buffer.from(zipSync(files));
}
