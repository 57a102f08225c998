import { ApiProperty } from '@nestjs/swagger';
import { AUTHORITY_KINDS, USER_ROLES } from '@/common/auth/authority-kind';
import type { ApiToken } from '../entities/api-token.entity';
import type { Authority } from '../entities/authority.entity';
import type { User } from '../entities/user.entity';

/** The public directory entry of an authority. */
export class AuthorityResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() country!: string;
  @ApiProperty({ enum: AUTHORITY_KINDS }) kind!: string;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ description: 'Hosted by a pinned peer node (federation), not by this node' })
  remote!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The origin of the peer node hosting a remote authority; null for this node's own",
  })
  node!: string | null;
}

export function toAuthorityResponse(a: Authority): AuthorityResponse {
  return {
    id: a.id,
    code: a.code,
    name: a.name,
    country: a.country,
    kind: a.kind,
    languages: a.languages,
    remote: a.nodeOrigin !== null,
    node: a.nodeOrigin,
  };
}

export class IssuedTokenResponse {
  @ApiProperty({ format: 'uuid', description: 'The user id' }) id!: string;
  @ApiProperty({ description: 'Bearer token; shown once, store it now' }) token!: string;
}

/** A token's metadata for the operator: when it was issued, last used and revoked; never the token. */
export class TokenMetadataResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Exact to within the principal cache (AUTH_CACHE_TTL_MS); null if never used',
  })
  lastUsedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

/** A user of an authority, with all its tokens (revoked ones included). */
export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: USER_ROLES, isArray: true }) roles!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt!: string | null;
  @ApiProperty({ type: [TokenMetadataResponse] }) tokens!: TokenMetadataResponse[];
}

export function toUserResponse(user: User, tokens: ApiToken[]): UserResponse {
  return {
    id: user.id,
    name: user.name,
    roles: [...user.roles],
    createdAt: user.createdAt.toISOString(),
    disabledAt: user.disabledAt?.toISOString() ?? null,
    tokens: tokens.map((t) => ({
      id: t.id,
      createdAt: t.createdAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null,
    })),
  };
}
