import { Injectable } from '@nestjs/common';
import type { Principal } from '@/common/auth/principal';
import { type SessionPrincipal, SessionPrincipals } from '@/common/auth/session';
import { hashToken, looksLikeToken } from '@/common/auth/token';
import { DomainError } from '@/common/errors/domain-error';
import { type ConsoleConfig, readConsoleConfig } from '@/config/console.config';
import { AuthoritiesService } from '../authorities/authorities.service';
import type { SessionResponse } from './dto/session.response';
import { csrfTokenOf, newSessionId, sessionHash } from './session-ids';
import { type SessionRow, SessionsRepository } from './sessions.repository';

/** A bad token at sign-in: 401, naming the field. */
function badToken(): DomainError {
  const message = 'token: unknown, revoked or malformed access token';
  return new DomainError('UNAUTHENTICATED', 'unauthenticated', message, [
    { field: 'token', messages: ['unknown, revoked or malformed access token'] },
  ]);
}

/**
 * Console sessions (docs/console.md "Sessions"): an access token exchanged once for a session id held in an
 * HttpOnly cookie. The database keeps a hash of the id and the hash of the token; each request restarts the
 * idle clock and resolves the token's user again (a revoked token or disabled user ends the session).
 */
@Injectable()
export class SessionsService implements SessionPrincipals {
  private readonly config: ConsoleConfig = readConsoleConfig();

  constructor(
    private readonly repository: SessionsRepository,
    private readonly authorities: AuthoritiesService,
  ) {}

  /** Signs in: the new session's id (for the cookie) and its body. */
  async create(token: string): Promise<{ sessionId: string; body: SessionResponse }> {
    const principal = looksLikeToken(token) ? await this.authorities.authenticate(token) : null;
    if (!principal) {
      throw badToken();
    }
    const sessionId = newSessionId();
    const row = await this.repository.insert(
      sessionHash(sessionId),
      hashToken(token),
      principal.userId,
      this.config.sessionIdleMinutes,
      this.config.sessionMaxHours,
    );
    return { sessionId, body: await this.describe(sessionId, principal, row) };
  }

  /** The session's body with its idle clock restarted, or null when it is not live. */
  async current(sessionId: string): Promise<SessionResponse | null> {
    const live = await this.live(sessionId);
    return live ? this.describe(sessionId, live.principal, live.row) : null;
  }

  /** For the global guard: the principal behind a session cookie. */
  async resolve(sessionId: string): Promise<SessionPrincipal | null> {
    const live = await this.live(sessionId);
    return live ? { principal: live.principal, csrfToken: csrfTokenOf(sessionId) } : null;
  }

  /** Signs out, server side. */
  async end(sessionId: string): Promise<void> {
    await this.repository.end(sessionHash(sessionId));
  }

  private async live(sessionId: string): Promise<{ principal: Principal; row: SessionRow } | null> {
    const row = await this.repository.touch(sessionHash(sessionId), this.config.sessionIdleMinutes);
    if (!row) {
      return null;
    }
    const principal = await this.authorities.authenticateHash(row.tokenHash);
    if (!principal || principal.userId !== row.userId) {
      // The token was revoked or its user disabled since sign-in: the session goes with it.
      await this.repository.end(sessionHash(sessionId));
      return null;
    }
    return { principal, row };
  }

  private async describe(sessionId: string, p: Principal, row: SessionRow): Promise<SessionResponse> {
    const authority = p.authorityId ? await this.authorities.findById(p.authorityId) : null;
    return {
      user: {
        id: p.userId,
        name: p.name,
        roles: [...p.roles],
        authorityId: p.authorityId,
        authority: authority
          ? {
              id: authority.id,
              code: authority.code,
              name: authority.name,
              country: authority.country,
              kind: authority.kind,
              languages: [...authority.languages],
            }
          : null,
      },
      csrfToken: csrfTokenOf(sessionId),
      expiresAt: row.expiresAt.toISOString(),
    };
  }
}
