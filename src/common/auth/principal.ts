import type { Role, UserRole } from '@/common/auth/authority-kind';

/** Who is calling: resolved from the bearer token by the global guard. */
export interface Principal {
  userId: string;
  authorityId: string | null;
  roles: Role[];
  name: string;
}

export function userRoles(p: Principal): UserRole[] {
  return p.roles.filter((r): r is UserRole => r !== 'admin');
}
