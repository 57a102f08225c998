import { timingSafeEqual } from 'node:crypto';
import type { Principal } from './principal';

/** The console's session cookie (docs/console.md "Sessions"): an opaque random id, HttpOnly, SameSite=Strict. */
export const SESSION_COOKIE = 'coop_session';

/** With the session cookie, every request that may change something carries the session's CSRF token here. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SessionPrincipal {
  principal: Principal;
  csrfToken: string;
}

/**
 * The console's sessions, as the global guard sees them: a session id from the cookie resolved to the
 * principal of the token it was opened with (and the idle clock restarted), or null when the session is
 * unknown, ended or expired. Implemented by the console module.
 */
export abstract class SessionPrincipals {
  abstract resolve(sessionId: string): Promise<SessionPrincipal | null>;
}

/** The value of the session cookie in a Cookie header, if it is there and looks like one of ours. */
export function sessionIdFromCookies(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** GET, HEAD and OPTIONS change nothing: no CSRF token needed. */
export function needsCsrfToken(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function csrfTokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) {
    return false;
  }
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
