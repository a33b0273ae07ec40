import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The renderer's pure helpers are unit-tested here too; they import through the same aliases.
const alias = {
  '@common': resolve(__dirname, 'src-main/common'),
  '@engine-spec': resolve(__dirname, 'src-main/engine/spec'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // Real worker processes and real training: two cores, so one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
