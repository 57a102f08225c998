// The console's session routes (POST/GET/DELETE /v1/session): a personal access token exchanged once
// for an HttpOnly cookie and a CSRF token; not in the typed client (they serve the console only).
import { csrfHeaders } from './client';
import { toProblem, type ApiProblem } from './errors';

export interface SessionUser {
  id: string;
  name: string;
  roles: string[];
  authorityId: string | null;
  authority: { id: string; code: string; name: string; country: string } | null;
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
}

export type SessionResult = { ok: true; session: Session } | { ok: false; problem: ApiProblem };

async function body(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

export async function createSession(token: string): Promise<SessionResult> {
  const res = await fetch('/v1/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  const json = await body(res);
  return res.ok
    ? { ok: true, session: json as Session }
    : { ok: false, problem: toProblem(res.status, json) };
}

export async function currentSession(): Promise<Session | null> {
  const res = await fetch('/v1/session', { credentials: 'same-origin' });
  return res.ok ? ((await body(res)) as Session) : null;
}

export async function endSession(): Promise<void> {
  await fetch('/v1/session', {
    method: 'DELETE',
    credentials: 'same-origin',
    headers: csrfHeaders('DELETE'),
  });
}
