import { attributes, elements } from './xml-text';

/** Built-in number formats that show a calendar date (time-only formats 18–21, 45–47 stay numbers). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format shows a date when, outside quoted text and [brackets], it has a day or a year part. */
export function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  return /[dy]/i.test(bare);
}

/** For each cell style index (`s` attribute): does it show a date? */
export function dateStyles(stylesXml: string | undefined): boolean[] {
  if (!stylesXml) return [];
  const customDates = new Set<number>();
  for (const fmt of elements(stylesXml, 'numFmt')) {
    const attrs = attributes(fmt.attrs);
    if (isDateFormatCode(attrs.get('formatCode') ?? '')) customDates.add(Number(attrs.get('numFmtId')));
  }
  const cellXfs = [...elements(stylesXml, 'cellXfs')][0];
  if (!cellXfs) return [];
  return [...elements(cellXfs.inner, 'xf')].map((xf) => {
    const id = Number(attributes(xf.attrs).get('numFmtId') ?? 0);
    return BUILT_IN_DATE_FORMATS.has(id) || customDates.has(id);
  });
}

const DAY_MS = 86_400_000;
/** 1899-12-30 (the 1900 system's day 0 once Excel's phantom 29 Feb 1900 is accounted for) and 1904-01-01. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A spreadsheet serial day number as the ISO text the user saw ('2024-01-03' or '2024-01-03 06:30:00'). */
export function serialDateText(serial: number, date1904: boolean): string {
  if (!Number.isFinite(serial)) return '';
  const ms = Math.round(((date1904 ? EPOCH_1904 : EPOCH_1900) + serial * DAY_MS) / 1000) * 1000;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  const day = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const hasTime = d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds();
  return hasTime ? `${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}` : day;
}
