import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../../src-main/common/contract';
import { defaultDataRoot, parseHostArgs } from '../../../src-main/host/options';
import { readStatic, resolveInside } from '../../../src-main/service/static-files';

describe('parseHostArgs', () => {
  it('defaults to a free port and folders under $XDG_DATA_HOME, else ~/.local/share', () => {
    expect(parseHostArgs([], { XDG_DATA_HOME: '/xdg' })).toEqual({ port: 0, runsDir: '/xdg/rnn-studio/runs', dataDir: '/xdg/rnn-studio/data', maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES });
    expect(defaultDataRoot({})).toBe(join(homedir(), '.local', 'share', 'rnn-studio'));
  });

  it('reads --port, --runs-dir and --data-dir in both spellings', () => {
    const parsed = parseHostArgs(['--port', '8080', '--runs-dir=rel/runs', '--data-dir', '/abs/data'], {});
    expect(parsed).toEqual({ port: 8080, runsDir: resolve('rel/runs'), explicitRunsDir: resolve('rel/runs'), dataDir: '/abs/data', maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES });
  });

  it('refuses a token on the command line, bad ports and unknown options with a clear message', () => {
    expect(() => parseHostArgs(['--token', 'abc'], {})).toThrow(/not accepted/);
    expect(() => parseHostArgs(['--port', '70000'], {})).toThrow(/--port must be an integer from 0 to 65535, got "70000"/);
    expect(() => parseHostArgs(['--port'], {})).toThrow(/--port needs a value/);
    expect(() => parseHostArgs(['--bogus'], {})).toThrow(/unknown option "--bogus"/);
  });

  it('reads the upload limit in MiB and refuses a limit that is not a whole positive number', () => {
    expect(parseHostArgs(['--max-upload-mb', '2048'], {}).maxUploadBytes).toBe(2048 * 1024 * 1024);
    expect(() => parseHostArgs(['--max-upload-mb=0'], {})).toThrow(/--max-upload-mb must be a whole number of MiB.*got "0"/);
    expect(() => parseHostArgs(['--max-upload-mb', '1.5'], {})).toThrow(/got "1.5"/);
  });
});

describe('static files', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'rnn-static-'));
    await mkdir(join(root, 'r', 'assets'), { recursive: true });
    await writeFile(join(root, 'r', 'index.html'), '<p>index</p>');
    await writeFile(join(root, 'r', 'assets', 'a.js'), 'x');
    await writeFile(join(root, 'secret.txt'), 'secret');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('never resolves outside the root', () => {
    const r = join(root, 'r');
    expect(resolveInside(r, '/assets/a.js')).toBe(join(r, 'assets', 'a.js'));
    expect(resolveInside(r, '/../secret.txt')).toBe(join(r, 'secret.txt'));
    expect(resolveInside(r, '/%2e%2e/secret.txt')).toBe(join(r, 'secret.txt'));
    expect(resolveInside(r, '/%00')).toBeUndefined();
    expect(resolveInside(r, '/%E0%A4%A')).toBeUndefined();
  });

  it('serves files, answers app routes with index.html, and 404s missing assets', async () => {
    const r = join(root, 'r');
    expect(await readStatic(r, '/assets/a.js')).toMatchObject({ kind: 'file', contentType: 'text/javascript; charset=utf-8' });
    const route = await readStatic(r, '/runs');
    expect(route.kind === 'file' && route.body.toString()).toBe('<p>index</p>');
    expect(await readStatic(r, '/assets/missing.js')).toEqual({ kind: 'not-found' });
    expect(await readStatic(r, '/%2e%2e/secret.txt')).toEqual({ kind: 'not-found' });
  });

  it('says how to build when the renderer is missing', async () => {
    const result = await readStatic(join(root, 'nothing'), '/');
    expect(result.kind).toBe('not-built');
    expect(result.kind === 'not-built' && result.message).toContain('npm run build');
  });
});
