/**
 * The browser host's streamed upload (POST /upload) over real HTTP against the real service: a file
 * arrives on disk and opens through datasets.openUpload; a request without the token, from a foreign
 * origin or host, over the limit (declared or streamed) or cut off midway leaves nothing on disk.
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, UploadReceipt } from '../../../src-main/common/contract';
import { startHost, type RunningHost } from '../../../src-main/host/server';
import { authHeaders, connectClient, type HostClient } from './host-client';

const LIMIT = 4096;
let dir: string;
let dataDir: string;
let host: RunningHost;
let client: HostClient;

interface Answer {
  status: number;
  body: string;
}

function csv(rows: number): string {
  const lines = ['date,load'];
  for (let i = 0; i < rows; i++) lines.push(`2024-01-${String(1 + (i % 28)).padStart(2, '0')},${(10 + Math.sin(i)).toFixed(3)}`);
  return lines.join('\n') + '\n';
}

function post(path: string, headers: Record<string, string>): ClientRequest {
  return request({ host: '127.0.0.1', port: host.port, method: 'POST', path, headers });
}

function answerOf(req: ClientRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
  });
}

async function upload(name: string, body: string | Buffer, headers: Record<string, string> = authHeaders(host)): Promise<Answer> {
  const req = post(`/upload?name=${encodeURIComponent(name)}`, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  const answer = answerOf(req);
  req.end(body);
  return answer;
}

/** Every file under the data folder (folders alone do not count). */
async function filesOnDisk(): Promise<string[]> {
  const entries = await readdir(dataDir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Waits for a condition the server brings about (a file appearing or going), failing after the deadline. */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rnn-host-upload-'));
  dataDir = join(dir, 'data');
  host = await startHost({ runsDir: join(dir, 'runs'), dataDir, rendererDir: join(dir, 'no-renderer'), maxUploadBytes: LIMIT });
  client = await connectClient(host);
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

afterAll(async () => {
  client?.close();
  await host?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('POST /upload', () => {
  it('saves the body in the data folder and opens it through datasets.openUpload', async () => {
    const text = csv(60);
    const answer = await upload('../sneaky/load?.csv', text);
    expect(answer.status).toBe(201);
    const receipt = JSON.parse(answer.body) as UploadReceipt;
    expect(receipt.bytes).toBe(Buffer.byteLength(text));
    expect(receipt.name).toBe('load_.csv');
    expect(await filesOnDisk()).toEqual([join(dataDir, receipt.uploadId, 'load_.csv')]);
    expect(readFileSync(join(dataDir, receipt.uploadId, 'load_.csv'), 'utf8')).toBe(text);

    const summary = await client.call<{ rows: number; path: string; id: string }>('datasets.openUpload', { uploadId: receipt.uploadId, name: receipt.name });
    expect(summary.rows).toBe(60);
    expect(summary.path).toBe(join(dataDir, receipt.uploadId, 'load_.csv'));
    const page = await client.call<{ rows: string[][] }>('datasets.rows', { datasetId: summary.id, offset: 59, limit: 5 });
    expect(page.rows).toHaveLength(1);
  });

  it('tells the page its limit through app.info', async () => {
    expect((await client.call<AppInfo>('app.info', {})).maxUploadBytes).toBe(LIMIT);
  });

  it('refuses a request without the token, from a foreign origin or for a foreign Host, and keeps nothing', async () => {
    const { Origin } = authHeaders(host);
    const noToken = await upload('a.csv', csv(5), { Origin });
    expect(noToken.status).toBe(401);
    const foreign = await upload('a.csv', csv(5), { ...authHeaders(host), Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain('evil.example');
    const rebound = await upload('a.csv', csv(5), { ...authHeaders(host), Host: `attacker.example:${host.port}` });
    expect(rebound.status).toBe(403);
    expect(await filesOnDisk()).toEqual([]);
  });

  it('refuses a file over the limit, declared or streamed, and keeps nothing', async () => {
    const declared = await upload('big.csv', csv(400));
    expect(declared.status).toBe(413);
    expect(declared.body).toMatch(/big\.csv is .* over this host's upload limit of 4 KiB; start the host with --max-upload-mb N/);

    // No Content-Length: the limit is found while the bytes arrive.
    const req = post('/upload?name=streamed.csv', { ...authHeaders(host), 'Transfer-Encoding': 'chunked' });
    const answer = answerOf(req);
    req.write(csv(100));
    req.end(csv(300));
    const streamed = await answer;
    expect(streamed.status).toBe(413);
    expect(streamed.body).toContain("streamed.csv is larger than this host's upload limit");
    expect(await filesOnDisk()).toEqual([]);
  });

  it('removes the partial file when the upload is cut off midway', async () => {
    const req = post('/upload?name=cut.csv', { ...authHeaders(host), 'Content-Length': String(LIMIT) });
    req.on('error', () => undefined);
    req.write('date,load\n2024-01-01,1\n');
    await until(async () => (await filesOnDisk()).some((f) => f.endsWith('.part')), 'the partial file to appear');
    req.destroy();
    await until(async () => (await filesOnDisk()).length === 0, 'the partial file to be removed');
    expect(await filesOnDisk()).toEqual([]);
  });

  it('answers a request that is not a POST, lacks a name or is empty with the reason', async () => {
    const get = await new Promise<Answer>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, method: 'GET', path: '/upload?name=a.csv', headers: authHeaders(host) });
      answerOf(req).then(resolve, reject);
      req.end();
    });
    expect(get.status).toBe(405);
    expect((await upload('', csv(3))).status).toBe(400);
    const empty = await upload('empty.csv', '');
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('empty.csv is empty');
    expect(await filesOnDisk()).toEqual([]);
  });

  it('datasets.openUpload names an upload that is not there', async () => {
    const error = await client.refused('datasets.openUpload', { uploadId: '0123456789abcdef', name: 'gone.csv' });
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('upload the file again');
    const bad = await client.refused('datasets.openUpload', { uploadId: '../../etc', name: 'passwd' });
    expect(bad.code).toBe('bad_input');
  });
});
