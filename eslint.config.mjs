import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

/** The layer table of docs/architecture.md: which folders a folder's code may not import. */
const folders = (...names) => names.flatMap((name) => [`**/${name}`, `**/${name}/**`]);
const layer = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] },
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'artifacts/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module', extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      // v-html is how XSS reaches an Electron renderer: never.
      'vue/no-v-html': 'error',
    },
  },
  layer(['src-main/engine/spec/**/*.ts'], ['../*', 'electron', 'vue'], 'engine/spec runs anywhere: it imports zod and its own files only (docs/architecture.md).'),
  layer(
    ['src-main/common/**/*.ts'],
    [...folders('service', 'host', 'electron', 'worker', 'cli'), '../engine/*', '!../engine/spec', '!../engine/spec/**', 'electron'],
    'common/ runs anywhere: it imports zod and engine/spec only (docs/architecture.md).',
  ),
  layer(
    ['src-main/engine/**/*.ts'],
    [...folders('common', 'service', 'host', 'electron', 'worker', 'cli'), 'electron', 'vue'],
    'The engine is pure TS on tfjs: no contract, backend, Electron or DOM (docs/architecture.md). Put shared shapes in engine/spec.',
  ),
  layer(['src-main/worker/**/*.ts'], [...folders('common', 'service', 'host', 'electron', 'cli')], 'The worker imports the engine only (docs/architecture.md).'),
  layer(['src-main/service/**/*.ts'], [...folders('host', 'electron', 'cli'), 'electron'], 'The service is the one backend both hosts wrap: it imports engine, worker and the contract (docs/architecture.md).'),
  layer(['src-main/cli/**/*.ts'], [...folders('common', 'service', 'host', 'electron'), 'electron'], 'The CLI imports engine and worker (docs/architecture.md).'),
  layer(['src-main/host/**/*.ts'], [...folders('electron', 'cli', 'worker'), 'electron'], 'The browser host is a thin adapter over the service (docs/architecture.md).'),
  layer(['src-main/electron/**/*.ts'], [...folders('host', 'cli')], 'Electron is a thin adapter over the service; shared adapter code lives in service/ (docs/architecture.md).'),
  layer(
    ['src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    ['**/src-main/**', '@common/*', '!@common/contract'],
    'The renderer talks to the backend through the API client and imports only common/contract and engine/spec (docs/architecture.md).',
  ),
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
