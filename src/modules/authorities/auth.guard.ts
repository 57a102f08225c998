import { type CanActivate, type ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ACCESS_RULE, type AccessRule } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import {
  CSRF_HEADER,
  csrfTokenMatches,
  needsCsrfToken,
  SessionPrincipals,
  sessionIdFromCookies,
} from '@/common/auth/session';
import { looksLikeToken } from '@/common/auth/token';
import { ForbiddenError, UnauthenticatedError } from '@/common/errors/domain-error';
import { AuthoritiesService } from './authorities.service';

/**
 * Global guard: every route must declare @Public() or @Roles(...); anything else is denied. The caller is
 * the bearer token's user, or, without an Authorization header, the console session's (cookie), whose
 * writes must carry its CSRF token (403 CSRF_INVALID before anything runs).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authorities: AuthoritiesService,
    // Absent where the console module is not loaded (a worker context has no HTTP).
    @Optional() private readonly sessions?: SessionPrincipals,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (rule && 'public' in rule) {
      return true;
    }
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = await this.resolveCaller(req);
    req.principal = principal;
    if (!rule) {
      throw new ForbiddenError('This route declares no access rule', 'NO_ACCESS_RULE');
    }
    if (!rule.roles.some((r) => principal.roles.includes(r))) {
      throw new ForbiddenError(`Requires one of the roles: ${rule.roles.join(', ')}`);
    }
    return true;
  }

  private async resolveCaller(req: Request): Promise<Principal> {
    const header = req.header('authorization');
    const sessionId = header === undefined ? sessionIdFromCookies(req.header('cookie')) : undefined;
    if (sessionId === undefined || !this.sessions) {
      return this.resolve(header);
    }
    const session = await this.sessions.resolve(sessionId);
    if (!session) {
      throw new UnauthenticatedError('The console session has ended or expired; sign in again');
    }
    if (needsCsrfToken(req.method) && !csrfTokenMatches(session.csrfToken, req.header(CSRF_HEADER))) {
      throw new ForbiddenError(
        'A request with the session cookie that may change something must carry the X-CSRF-Token header of its session',
        'CSRF_INVALID',
      );
    }
    return session.principal;
  }

  private async resolve(header: string | undefined): Promise<Principal> {
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match || !looksLikeToken(match[1])) {
      throw new UnauthenticatedError();
    }
    const principal = await this.authorities.authenticate(match[1]);
    if (!principal) {
      throw new UnauthenticatedError('Unknown or revoked token');
    }
    return principal;
  }
}
