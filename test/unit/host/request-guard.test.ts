import { describe, expect, it } from 'vitest';
import { judgeRequest, type RequestFacts } from '../../../src-main/host/request-guard';
import { cookieName, newToken, readCookie, sessionCookie, tokensEqual } from '../../../src-main/host/token';

const identity = { port: 4321, token: 'a'.repeat(32) };
const good: RequestFacts = { host: '127.0.0.1:4321', origin: undefined, cookieHeader: `${cookieName(4321)}=${'a'.repeat(32)}`, queryToken: null };

describe('judgeRequest', () => {
  it('allows our Host with the right cookie, with or without our Origin', () => {
    expect(judgeRequest(good, identity)).toEqual({ kind: 'allow' });
    expect(judgeRequest({ ...good, origin: 'http://127.0.0.1:4321' }, identity)).toEqual({ kind: 'allow' });
    expect(judgeRequest({ ...good, host: 'localhost:4321', origin: 'http://localhost:4321' }, identity)).toEqual({ kind: 'allow' });
  });

  it('refuses any other Host, however close (DNS rebinding)', () => {
    for (const host of ['evil.example:4321', '127.0.0.1:4322', '127.0.0.1', '0.0.0.0:4321', '127.0.0.1:4321.evil.example', undefined]) {
      expect(judgeRequest({ ...good, host }, identity)).toMatchObject({ kind: 'deny', status: 403 });
    }
  });

  it('refuses any other Origin, including another port and https', () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:4322', 'https://127.0.0.1:4321', 'null']) {
      expect(judgeRequest({ ...good, origin }, identity)).toMatchObject({ kind: 'deny', status: 403 });
    }
  });

  it('says 401 without any token and 403 with a wrong one', () => {
    expect(judgeRequest({ ...good, cookieHeader: undefined }, identity)).toMatchObject({ kind: 'deny', status: 401 });
    expect(judgeRequest({ ...good, cookieHeader: `${cookieName(4321)}=${'b'.repeat(32)}` }, identity)).toMatchObject({ kind: 'deny', status: 403 });
    // Another host's cookie (another port) is not ours.
    expect(judgeRequest({ ...good, cookieHeader: `${cookieName(9999)}=${'a'.repeat(32)}` }, identity)).toMatchObject({ kind: 'deny', status: 401 });
  });

  it('trades a right query token for a cookie and refuses a wrong one even with a good cookie', () => {
    expect(judgeRequest({ ...good, cookieHeader: undefined, queryToken: identity.token }, identity)).toEqual({ kind: 'allow-with-query-token' });
    expect(judgeRequest({ ...good, queryToken: 'nope' }, identity)).toMatchObject({ kind: 'deny', status: 403 });
  });
});

describe('token helpers', () => {
  it('makes 128-bit hex tokens that differ each time', () => {
    const a = newToken();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newToken()).not.toBe(a);
  });

  it('compares tokens of any length without throwing', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('', 'abc')).toBe(false);
    expect(tokensEqual('a'.repeat(1000), 'a')).toBe(false);
  });

  it('reads one cookie among several and writes an HttpOnly SameSite=Strict cookie', () => {
    expect(readCookie('x=1; rnn_studio_token_80=tok; y=2', 'rnn_studio_token_80')).toBe('tok');
    expect(readCookie('rnn_studio_token_800=tok', 'rnn_studio_token_80')).toBeUndefined();
    expect(readCookie(undefined, 'a')).toBeUndefined();
    expect(sessionCookie(80, 'tok')).toBe('rnn_studio_token_80=tok; HttpOnly; SameSite=Strict; Path=/');
  });
});
