import { ApiProperty } from '@nestjs/swagger';
import { AUTHORITY_KINDS } from '@/common/auth/authority-kind';
import type { Authority } from '../entities/authority.entity';

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
