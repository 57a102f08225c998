import { csrfTokenMatches, needsCsrfToken, sessionIdFromCookies } from './session';

describe('console session helpers', () => {
  const id = 'AbC_dEf-0123456789abcdefghijklmnopqrstuvwxy';

  it('should find the coop_session cookie among others, and only a value shaped like a session id', () => {
    expect(sessionIdFromCookies(`theme=dark; coop_session=${id}; other=1`)).toBe(id);
    expect(sessionIdFromCookies(`coop_session=${id}`)).toBe(id);
    expect(sessionIdFromCookies(undefined)).toBeUndefined();
    expect(sessionIdFromCookies('')).toBeUndefined();
    expect(sessionIdFromCookies(`xcoop_session=${id}`)).toBeUndefined();
    expect(sessionIdFromCookies('coop_session=')).toBeUndefined();
    expect(sessionIdFromCookies('coop_session=short')).toBeUndefined();
    expect(sessionIdFromCookies(`coop_session=${id};x`)).toBe(id);
    expect(sessionIdFromCookies('coop_session=a%20b%20c%20d%20e%20f%20g%20h')).toBeUndefined();
    expect(sessionIdFromCookies(`coop_session=${'a'.repeat(129)}`)).toBeUndefined();
  });

  it('should ask a CSRF token of every method but GET, HEAD and OPTIONS', () => {
    for (const m of ['GET', 'head', 'OPTIONS']) {
      expect(needsCsrfToken(m)).toBe(false);
    }
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE', 'post', 'PROPFIND']) {
      expect(needsCsrfToken(m)).toBe(true);
    }
  });

  it('should accept only the exact CSRF token', () => {
    expect(csrfTokenMatches('abc', 'abc')).toBe(true);
    expect(csrfTokenMatches('abc', undefined)).toBe(false);
    expect(csrfTokenMatches('abc', '')).toBe(false);
    expect(csrfTokenMatches('abc', 'abd')).toBe(false);
    expect(csrfTokenMatches('abc', 'abcd')).toBe(false);
  });
});
