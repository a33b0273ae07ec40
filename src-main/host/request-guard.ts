/**
 * Decides whether an HTTP request or WebSocket upgrade may reach the app. Three independent checks,
 * in this order:
 * 1. Host header is our own (127.0.0.1:PORT or localhost:PORT): defeats DNS rebinding, where a
 *    hostile site re-points its own name at 127.0.0.1 and so becomes "same origin" with us.
 * 2. Origin, when the browser sends one, is our own: defeats cross-site requests and cross-site
 *    WebSocket hijacking.
 * 3. The token (query on first load, then the cookie): only whoever saw the printed URL gets in.
 */
import { cookieName, readCookie, tokensEqual } from './token';

export interface HostIdentity {
  port: number;
  token: string;
}

export interface RequestFacts {
  host: string | undefined;
  origin: string | undefined;
  cookieHeader: string | undefined;
  /** `?token=` of the request URL, if present. */
  queryToken: string | null;
}

export type Verdict =
  | { kind: 'allow' }
  /** Good token in the query: set the cookie and redirect to the clean URL. */
  | { kind: 'allow-with-query-token' }
  | { kind: 'deny'; status: 401 | 403; reason: string };

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((h) => `http://${h}`);
}

export function judgeRequest(facts: RequestFacts, identity: HostIdentity): Verdict {
  const host = facts.host?.toLowerCase();
  if (!host || !allowedHosts(identity.port).includes(host)) {
    return { kind: 'deny', status: 403, reason: `Host header "${facts.host ?? ''}" is not this server (expected 127.0.0.1:${identity.port} or localhost:${identity.port})` };
  }
  if (facts.origin !== undefined && !allowedOrigins(identity.port).includes(facts.origin.toLowerCase())) {
    return { kind: 'deny', status: 403, reason: `requests from origin "${facts.origin}" are not allowed` };
  }
  if (facts.queryToken !== null) {
    return tokensEqual(facts.queryToken, identity.token)
      ? { kind: 'allow-with-query-token' }
      : { kind: 'deny', status: 403, reason: 'wrong token: open the exact URL the server printed when it started' };
  }
  const cookie = readCookie(facts.cookieHeader, cookieName(identity.port));
  if (cookie === undefined) {
    return { kind: 'deny', status: 401, reason: 'no access token: open the URL (with ?token=…) that the server printed when it started' };
  }
  return tokensEqual(cookie, identity.token)
    ? { kind: 'allow' }
    : { kind: 'deny', status: 403, reason: 'stale or wrong token cookie: the server was restarted; open the new URL it printed' };
}
