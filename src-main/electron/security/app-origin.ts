/**
 * Which URLs are "the app". Electron security checklist #18 "Avoid usage of the file:// protocol and
 * prefer usage of custom protocols": the renderer is served from app://renderer/ (see
 * renderer-protocol.ts), so "is this the app?" is an exact origin comparison, not a file-path guess.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The app's origins: the custom protocol, plus Vite's dev server when running `electron-vite dev`. */
export function appOrigins(devServerUrl: string | undefined): string[] {
  const origins = [APP_ORIGIN];
  if (devServerUrl) origins.push(new URL(devServerUrl).origin);
  return origins;
}

export function isAppUrl(url: string, origins: readonly string[]): boolean {
  try {
    const parsed = new URL(url);
    // Custom standard schemes report their origin as the string "null" in some versions: compare parts.
    const origin = `${parsed.protocol}//${parsed.host}`;
    return origins.includes(origin);
  } catch {
    return false;
  }
}
