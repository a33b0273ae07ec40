/**
 * `POST /upload?name=<file name>`: the browser's way to open a file of any size. The request has
 * already passed the host's Host, Origin and token checks; the body streams to a file in the data
 * folder (service/upload-store.ts) and never sits in memory whole. Answers 201 with an UploadReceipt,
 * which the page hands to `datasets.openUpload`. A refusal closes the connection so the rest of an
 * oversized body is not read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UploadReceipt } from '../common/contract';
import { receiveUpload, tooLarge, UploadRefused } from '../service/upload-store';
import { sendJson, sendText } from './http-responses';

export interface UploadTarget {
  /** Absent when the host serves a service it did not create with a data folder: uploads are then refused. */
  dataDir: string | undefined;
  maxBytes: number;
}

export async function serveUpload(req: IncomingMessage, res: ServerResponse, url: URL, port: number, target: UploadTarget): Promise<void> {
  const refuse = (status: number, text: string, extra: Record<string, string> = {}): void => sendText(res, port, status, text, { Connection: 'close', ...extra });
  if (req.method !== 'POST') return refuse(405, `${req.method ?? ''} is not supported on ${url.pathname}; send the file's bytes with POST`, { Allow: 'POST' });
  if (!target.dataDir) return refuse(503, 'this host has no data folder to save uploads in; start it with --data-dir DIR');
  const name = url.searchParams.get('name');
  if (!name || name.length > 255) return refuse(400, 'name the file: POST /upload?name=<file name> (1 to 255 characters)');
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  if (declared !== undefined && Number.isFinite(declared) && declared > target.maxBytes) {
    return refuse(413, tooLarge(name, declared, target.maxBytes).message);
  }
  let receipt: UploadReceipt;
  try {
    receipt = await receiveUpload(target.dataDir, name, req, target.maxBytes);
  } catch (err) {
    if (!(err instanceof UploadRefused)) throw err;
    // 499: the client went away; there is nobody to answer.
    if (err.status === 499) return void res.destroy();
    return refuse(err.status, err.message);
  }
  sendJson(res, port, 201, receipt);
}
