/**
 * The renderer's webPreferences, fixed in one place. Electron security checklist (docs → Security):
 * #2 "Do not enable Node.js integration for remote content" → nodeIntegration: false (and in workers/subframes)
 * #3 "Enable context isolation" → contextIsolation: true
 * #4 "Enable process sandboxing" → sandbox: true
 * #6 "Do not disable webSecurity" → webSecurity: true
 * #8 "Do not enable allowRunningInsecureContent" → false
 * #9 "Do not enable experimental features" → experimentalFeatures: false
 * #10 "Do not use enableBlinkFeatures" → not set
 * #11/#12 `<webview>` → webviewTag: false (see webview.ts for the runtime guard)
 */
import type { WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}
