/** Headers every browser-host response carries, and the plain refusals. */
import type { ServerResponse } from 'node:http';
import { contentSecurityPolicy } from '../common/csp';
import { allowedHosts } from './request-guard';

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy({ connectSources: allowedHosts(port).map((h) => `ws://${h}`) }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // Token-gated content must not sit in shared caches.
    'Cache-Control': 'no-store',
  };
}

/** Plain text, so nothing echoed from the request (a Host or Origin value) can become markup. */
export function sendText(res: ServerResponse, port: number, status: number, text: string, extra: Record<string, string> = {}): void {
  const body = Buffer.from(text + '\n', 'utf8');
  res.writeHead(status, { ...securityHeaders(port), 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length), ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** A refusal written straight onto an upgrade request's raw socket (there is no ServerResponse there). */
export function rawRefusal(status: number, text: string): string {
  const reasons: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };
  const body = Buffer.from(text + '\n', 'utf8');
  return [
    `HTTP/1.1 ${status} ${reasons[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${body.length}`,
    '',
    body.toString('utf8'),
  ].join('\r\n');
}

export function sendJson(res: ServerResponse, port: number, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { ...securityHeaders(port), 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(body.length) });
  res.end(body);
}
