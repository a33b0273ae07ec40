/**
 * scripts/security-check.mjs against small hand-made builds: it must pass a clean one and name each
 * planted problem. (Electronegativity itself runs in `npm run test:security` on the real build.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = resolve(__dirname, '..', '..', '..', 'scripts', 'security-check.mjs');
const GOOD_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'";
const GOOD_HTML = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${GOOD_CSP}"><script type="module" src="./assets/index.js"></script>`;
const GOOD_PRELOAD = `
const { contextBridge, ipcRenderer } = require('electron');
const call = (channel) => async (input) => { const r = await ipcRenderer.invoke(channel, input); if (r.ok) return r.output; throw r.error; };
contextBridge.exposeInMainWorld('studio', { appInfo: call('studio:app.info'), runsGet: call('studio:runs.get'), desktop: { pickOpenPath: () => ipcRenderer.invoke('desktop:pickOpenPath') } });
`;

const dirs: string[] = [];
async function build(files: { html?: string; preload?: string }): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'rnn-seccheck-'));
  dirs.push(out);
  for (const sub of ['main', 'preload', 'renderer']) await mkdir(join(out, sub), { recursive: true });
  await writeFile(join(out, 'main', 'index.js'), '"use strict";\n');
  await writeFile(join(out, 'preload', 'index.js'), files.preload ?? GOOD_PRELOAD);
  await writeFile(join(out, 'renderer', 'index.html'), files.html ?? GOOD_HTML);
  return out;
}

function check(out: string): { status: number | null; text: string } {
  const result = spawnSync(process.execPath, [script, '--out', out, '--no-scanner'], { encoding: 'utf8' });
  return { status: result.status, text: `${result.stdout}\n${result.stderr}` };
}

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('security-check', () => {
  it('passes a clean build and prints one summary line', async () => {
    const { status, text } = check(await build({}));
    expect(text).toMatch(/security-check: PASS — .*preload: exposes window\.studio with 3 functions, no ipcRenderer/);
    expect(status).toBe(0);
  });

  it('fails a preload that hands the page ipcRenderer or one of its methods', async () => {
    const whole = check(await build({ preload: `const e = require('electron'); e.contextBridge.exposeInMainWorld('studio', { ipc: e.ipcRenderer });` }));
    expect(whole.status).toBe(1);
    expect(whole.text).toContain('exposes ipcRenderer (or one of its methods) at window.studio.ipc');
    const method = check(await build({ preload: GOOD_PRELOAD + `contextBridge.exposeInMainWorld('send', { send: ipcRenderer.send });` }));
    expect(method.status).toBe(1);
    expect(method.text).toContain('window.send.send');
    expect(method.text).toContain('should expose exactly window.studio');
  });

  it('fails a preload that needs modules a sandboxed preload cannot load', async () => {
    const { status, text } = check(await build({ preload: `require('zod');` + GOOD_PRELOAD }));
    expect(status).toBe(1);
    expect(text).toContain('required "zod"');
  });

  it('fails a bridge that throws away the error data', async () => {
    const lossy = GOOD_PRELOAD.replace('throw r.error', "throw new Error('failed')");
    const { status, text } = check(await build({ preload: lossy }));
    expect(status).toBe(1);
    expect(text).toContain('should reject with the ApiError data');
  });

  it("fails a CSP that allows eval or inline scripts, or is missing, or an inline script tag", async () => {
    const evalCsp = check(await build({ html: GOOD_HTML.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'") }));
    expect(evalCsp.text).toContain("script-src allows 'unsafe-eval'");
    const inlineDefault = check(await build({ html: GOOD_HTML.replace("default-src 'self'; script-src 'self'; ", "default-src 'self' 'unsafe-inline'; ") }));
    expect(inlineDefault.text).toContain("default-src allows 'unsafe-inline'");
    const none = check(await build({ html: '<!doctype html><script src="a.js"></script>' }));
    expect(none.text).toContain('no Content-Security-Policy meta tag');
    const inlineTag = check(await build({ html: GOOD_HTML + '<script>window.x = 1</script>' }));
    expect(inlineTag.text).toContain('1 inline <script> tag(s)');
    for (const r of [evalCsp, inlineDefault, none, inlineTag]) expect(r.status).toBe(1);
  });

  it('says to build first when there is no build', async () => {
    const { status, text } = check(join(tmpdir(), 'rnn-no-such-build'));
    expect(status).toBe(1);
    expect(text).toContain('run `npm run build` first');
  });
});
