/**
 * Types for code that runs inside the page (passed to page.evaluate). The Node-side tsconfig has no
 * DOM library, so the few page globals the specs touch are declared here; only types, erased at run time.
 */
export interface PageGlobals {
  __epochs?: string[];
  __xss?: unknown;
  require?: unknown;
  process?: unknown;
  ipcRenderer?: unknown;
  studio?: Record<string, unknown> & { appInfo(input: object): Promise<{ host: string }> };
  location: { href: string };
  open(url: string): unknown;
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: { childList?: boolean; characterData?: boolean; subtree?: boolean }): void };
}
