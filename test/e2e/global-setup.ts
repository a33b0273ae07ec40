/**
 * Starts one browser host for the whole e2e run: the built renderer from out/renderer, the real
 * backend service, fresh temporary runs and data folders. Specs find it through the environment
 * (Playwright hands globalSetup's environment to its workers); the returned function tears it down.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRendererDir, startHost } from '../../src-main/host/server';
import { E2E_ENV } from './support/env';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const rendererDir = defaultRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (${join(rendererDir, 'index.html')} is missing): run \`npm run test:e2e\`, which builds first, or \`npx electron-vite build\`.`);
  }
  const root = await mkdtemp(join(tmpdir(), 'rnn-e2e-'));
  const runsDir = join(root, 'runs');
  const dataDir = join(root, 'data');
  await mkdir(runsDir, { recursive: true });
  await mkdir(dataDir, { recursive: true });
  await mkdir(join(process.cwd(), 'test-results', 'screenshots'), { recursive: true });

  const host = await startHost({ runsDir, dataDir, rendererDir, appVersion: 'e2e' });
  process.env[E2E_ENV.url] = host.url;
  process.env[E2E_ENV.origin] = `http://127.0.0.1:${host.port}`;
  process.env[E2E_ENV.runsDir] = runsDir;
  process.env[E2E_ENV.dataDir] = dataDir;
  process.env[E2E_ENV.root] = root;

  return async () => {
    await host.close();
    await rm(root, { recursive: true, force: true });
  };
}
