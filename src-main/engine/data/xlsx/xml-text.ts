/**
 * The little XML an XLSX reader needs: attributes and text with entities decoded. The parts of a
 * workbook we read are flat and machine-written, so scanning them with bounded regular expressions
 * (no nesting, no backtracking across elements) is enough, and no DOM or object built from names exists.
 */

const ENTITY = /&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/gi;
const NAMED: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

function codePoint(n: number): string {
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\ufffd';
}

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_, body: string) => {
    if (body[0] === '#') return codePoint(body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1)));
    return NAMED.get(body.toLowerCase()) ?? '';
  });
}

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** An element's attributes by local name (namespace prefixes dropped), in a Map. */
export function attributes(tagBody: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tagBody.matchAll(ATTRIBUTE)) {
    const name = m[1].includes(':') ? m[1].slice(m[1].indexOf(':') + 1) : m[1];
    found.set(name, decodeEntities(m[2] ?? m[3] ?? ''));
  }
  return found;
}

/** Every `<t>` text inside `xml`, joined (rich-text runs), leaving out phonetic guides (`<rPh>`). */
export function joinedText(xml: string): string {
  const withoutPhonetic = xml.includes('rPh') ? xml.replace(/<(\w+:)?rPh\b[\s\S]*?<\/(\w+:)?rPh>/g, '') : xml;
  let text = '';
  for (const m of withoutPhonetic.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)) text += m[1];
  return decodeEntities(text);
}

/** Each element named `tag` (any prefix): its attributes text and its inner XML (empty when self-closing). */
export function* elements(xml: string, tag: string): Generator<{ attrs: string; inner: string }> {
  const pattern = new RegExp(`<(?:\\w+:)?${tag}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</(?:\\w+:)?${tag}>)`, 'g');
  for (const m of xml.matchAll(pattern)) yield { attrs: m[1], inner: m[2] ?? '' };
}
