import { createHash, randomBytes } from 'node:crypto';
import { sha256Hex } from '@/common/crypto/sha256';

/** A new session id: 256 random bits, base64url (the cookie's value, given to the browser only). */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a session id. */
export function sessionHash(sessionId: string): string {
  return sha256Hex(`coop-session\0${sessionId}`);
}

/**
 * The session's CSRF token, derived from its id (so never stored): a page of the console reads it from the
 * session's body and sends it back in X-CSRF-Token; another site can read neither the cookie nor the body.
 * One-way: the token does not give the session id away.
 */
export function csrfTokenOf(sessionId: string): string {
  return createHash('sha256').update(`coop-csrf\0${sessionId}`).digest('base64url');
}
