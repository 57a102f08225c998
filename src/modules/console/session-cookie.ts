import type { Request, Response } from 'express';
import { SESSION_COOKIE } from '@/common/auth/session';

/** localhost, *.localhost, 127.0.0.0/8 and ::1: the browser's own machine. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

/**
 * Secure, except over plain http to a loopback host (a developer's or the tests' browser), where a Secure
 * cookie would never be sent back. Behind a TLS-terminating proxy, TRUST_PROXY makes req.secure true.
 */
function attributes(req: Request): string {
  const secure = req.secure || !isLoopbackHost(req.hostname);
  return `HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
}

/** A session cookie (no Max-Age: the browser forgets it when closed; the server ends it on its own clock). */
export function setSessionCookie(req: Request, res: Response, sessionId: string): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=${sessionId}; ${attributes(req)}`);
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=; Max-Age=0; ${attributes(req)}`);
}
