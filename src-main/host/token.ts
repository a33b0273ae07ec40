/** The browser host's access token: random per start, compared in constant time, carried by a cookie. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 128 random bits, hex. */
export function newToken(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Constant-time comparison. Both sides are hashed first so the comparison takes the same time whatever
 * the lengths (timingSafeEqual itself requires equal lengths and would leak the length by throwing).
 */
export function tokensEqual(candidate: string, expected: string): boolean {
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Cookies are not isolated by port, so two hosts on one machine must not overwrite each other's cookie. */
export function cookieName(port: number): string {
  return `rnn_studio_token_${port}`;
}

/** The value of one cookie in a `Cookie` header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
