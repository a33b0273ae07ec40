/// <reference types="vite/client" />
import type { PreloadApi } from '@common/contract';

declare global {
  interface Window {
    /** Present only inside Electron (put there by the preload script). */
    studio?: PreloadApi;
  }
}
