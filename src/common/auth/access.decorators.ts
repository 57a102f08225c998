import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@/common/auth/authority-kind';
import type { Principal } from './principal';

export const ACCESS_RULE = 'access-rule';
export type AccessRule = { public: true } | { roles: Role[] };

/** Open to anyone, no token (health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_RULE, { public: true });

/** Any of these roles may call the route; everything else is denied by the global guard. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { roles });

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!req.principal) {
    throw new Error('CurrentPrincipal used on a route without authentication');
  }
  return req.principal;
});
