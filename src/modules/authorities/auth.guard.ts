import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ACCESS_RULE, type AccessRule } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { looksLikeToken } from '@/common/auth/token';
import { ForbiddenError, UnauthenticatedError } from '@/common/errors/domain-error';
import { AuthoritiesService } from './authorities.service';

/** Global guard: every route must declare @Public() or @Roles(...); anything else is denied. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authorities: AuthoritiesService,
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
    const principal = await this.resolve(req.header('authorization'));
    req.principal = principal;
    if (!rule) {
      throw new ForbiddenError('This route declares no access rule', 'NO_ACCESS_RULE');
    }
    if (!rule.roles.some((r) => principal.roles.includes(r))) {
      throw new ForbiddenError(`Requires one of the roles: ${rule.roles.join(', ')}`);
    }
    return true;
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
