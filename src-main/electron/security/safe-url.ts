/**
 * Electron security checklist #15 "Do not use shell.openExternal with untrusted content": which URLs
 * may go to the user's browser. Only well-formed http(s) URLs without credentials; file:,
 * javascript: and custom schemes (which can launch local programs) never.
 */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  return parsed.hostname !== '';
}
