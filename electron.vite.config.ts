import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

// Main-side code runs from source (tsx) for the CLI, the browser host and the tests; only Electron
// needs these bundles: the main process, the training worker (a utilityProcess entry) and the preload.
export default defineConfig(({ mode }) => ({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          'training-worker': resolve(__dirname, 'src-main/worker/training-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron': bundle everything else (zod, the contract).
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/electron/preload.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    resolve: {
      alias: {
        '@common': resolve(__dirname, 'src-main/common'),
        '@engine-spec': resolve(__dirname, 'src-main/engine/spec'),
      },
    },
    build: {
      outDir: 'out/renderer',
      // `--mode profile`: readable function names in a performance profile (bench/ui-profile.ts).
      minify: mode !== 'profile',
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
    plugins: [vue()],
  },
}));
