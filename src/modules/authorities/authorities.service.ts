import { Inject, Injectable } from '@nestjs/common';
import { ConfigService, type ConfigType } from '@nestjs/config';
import { timingSafeEqual } from 'node:crypto';
import type { Principal } from '@/common/auth/principal';
import { generateToken, hashToken } from '@/common/auth/token';
import { DomainError, NotFoundError } from '@/common/errors/domain-error';
import type { AllConfig } from '@/config/all-config.type';
import { httpConfig } from '@/config/http.config';
import type { UserRole } from '@/common/auth/authority-kind';
import { AuthorityCodeTakenError } from './authorities.errors';
import { AuthoritiesRepository } from './authorities.repository';
import type { CreateAuthorityDto } from './dto/create-authority.dto';
import type { ApiToken } from './entities/api-token.entity';
import type { Authority } from './entities/authority.entity';
import type { User } from './entities/user.entity';
import type { EntityManager } from 'typeorm';
import { TtlCache } from './ttl-cache';

export const BOOTSTRAP_ADMIN_ID = '00000000-0000-0000-0000-000000000000';

@Injectable()
export class AuthoritiesService {
  /**
   * Principals of tokens found valid, by token hash (never the token itself). Every API call needs one;
   * revoking through this service forgets the user's entries at once, other processes within the TTL.
   * Unknown tokens are never cached, so a token issued by another process works at once.
   */
  private readonly principals: TtlCache<string, Principal>;
  /** Authorities by id (responses name both parties; submission checks languages). No API changes them. */
  private readonly authorities: TtlCache<string, Authority>;

  constructor(
    private readonly repository: AuthoritiesRepository,
    private readonly config: ConfigService<AllConfig, true>,
    @Inject(httpConfig.KEY) http: ConfigType<typeof httpConfig>,
  ) {
    this.principals = new TtlCache(http.authCacheTtlMs);
    this.authorities = new TtlCache(http.authCacheTtlMs * 5, 1000);
  }

  async register(dto: CreateAuthorityDto): Promise<Authority> {
    if (await this.repository.findAuthorityByCode(dto.code)) {
      throw new AuthorityCodeTakenError(dto.code);
    }
    try {
      return await this.repository.insertAuthority({ ...dto });
    } catch (err) {
      // A concurrent registration of the same code lost the race on the unique index.
      if ((err as { code?: string }).code === '23505') {
        throw new AuthorityCodeTakenError(dto.code);
      }
      throw err;
    }
  }

  /** The directory: this node's authorities and the listed authorities of pinned peers (remote). */
  directory(): Promise<Authority[]> {
    return this.repository.listAuthorities();
  }

  /** The authorities this node hosts (what its node document publishes), optionally of one country. */
  localAuthorities(country?: string): Promise<Authority[]> {
    return this.repository.listLocalAuthorities(country);
  }

  /**
   * Records a peer's hosted authorities as remote authorities of the directory, in the caller's transaction
   * (the federation module, when a peer is pinned, suspended or resumed): listed and `active` as given,
   * authorities the peer no longer lists unlisted. Never deletes one.
   */
  async syncRemoteAuthorities(
    manager: EntityManager,
    nodeOrigin: string,
    country: string,
    listed: { id?: string; code: string; name: string; kind: Authority['kind']; languages: string[] }[],
    active: boolean,
  ): Promise<Authority[]> {
    const rows = await this.repository.syncRemoteAuthorities(manager, nodeOrigin, country, listed, active);
    for (const row of rows) {
      this.authorities.delete(row.id);
    }
    return rows;
  }

  async findById(id: string): Promise<Authority | null> {
    const [authority] = await this.findByIds([id]);
    return authority ?? null;
  }

  /** The authorities with these ids (unknown ids are left out), from the cache where possible. */
  async findByIds(ids: string[]): Promise<Authority[]> {
    const found: Authority[] = [];
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const cached = this.authorities.get(id);
      if (cached) {
        found.push({ ...cached, languages: [...cached.languages] });
      } else {
        missing.push(id);
      }
    }
    if (missing.length > 0) {
      for (const a of await this.repository.findAuthoritiesByIds(missing)) {
        this.authorities.set(a.id, { ...a, languages: [...a.languages] });
        found.push(a);
      }
    }
    return found;
  }

  async getById(id: string): Promise<Authority> {
    const authority = await this.findById(id);
    if (!authority) {
      throw new NotFoundError('Authority');
    }
    return authority;
  }

  /** Display names of users, for histories (id -> name). */
  async userNames(ids: string[]): Promise<Map<string, string>> {
    const users = await this.repository.findUsersByIds([...new Set(ids)]);
    return new Map(users.map((u) => [u.id, u.name]));
  }

  /** Creates a user of an authority and returns its first token (shown once). */
  async createUser(
    authorityId: string,
    name: string,
    roles: UserRole[],
  ): Promise<{ id: string; token: string }> {
    const authority = await this.getById(authorityId);
    if (authority.nodeOrigin) {
      throw new DomainError(
        'REMOTE_AUTHORITY',
        'conflict',
        `${authority.code} is hosted by ${authority.nodeOrigin}: its users are managed on that node`,
      );
    }
    const token = generateToken();
    const user = await this.repository.insertUserWithToken({ authorityId, name, roles }, hashToken(token));
    return { id: user.id, token };
  }

  /** An operator admin (no authority); used by the CLI. */
  async createAdmin(name: string): Promise<{ id: string; token: string }> {
    const token = generateToken();
    const user = await this.repository.insertUserWithToken(
      { authorityId: null, name, roles: ['admin'] },
      hashToken(token),
    );
    return { id: user.id, token };
  }

  async issueToken(userId: string): Promise<{ id: string; token: string }> {
    if (!(await this.repository.findUserById(userId))) {
      throw new NotFoundError('User');
    }
    const token = generateToken();
    await this.repository.insertToken(userId, hashToken(token));
    return { id: userId, token };
  }

  async revokeTokens(userId: string): Promise<{ revoked: number }> {
    if (!(await this.repository.findUserById(userId))) {
      throw new NotFoundError('User');
    }
    const revoked = await this.repository.revokeTokens(userId);
    this.principals.deleteWhere((p) => p.userId === userId);
    return { revoked };
  }

  /** The users of one of this node's authorities, with their tokens' metadata (never a token). */
  async users(authorityId: string): Promise<{ user: User; tokens: ApiToken[] }[]> {
    await this.getById(authorityId);
    return this.repository.listUsersWithTokens(authorityId);
  }

  /** Resolves a bearer token to its principal, or null when unknown or revoked. */
  async authenticate(token: string): Promise<Principal | null> {
    const adminToken = this.config.get('app', { infer: true }).adminToken;
    if (adminToken && safeEqual(token, adminToken)) {
      return { userId: BOOTSTRAP_ADMIN_ID, authorityId: null, roles: ['admin'], name: 'bootstrap admin' };
    }
    return this.authenticateHash(hashToken(token));
  }

  /**
   * As authenticate, from the token's hash: a console session keeps the hash of the token it was opened
   * with (never the token), so that revoking the token or disabling the user ends the session too.
   */
  async authenticateHash(tokenHash: string): Promise<Principal | null> {
    const adminToken = this.config.get('app', { infer: true }).adminToken;
    if (adminToken && safeEqual(tokenHash, hashToken(adminToken))) {
      return { userId: BOOTSTRAP_ADMIN_ID, authorityId: null, roles: ['admin'], name: 'bootstrap admin' };
    }
    const cached = this.principals.get(tokenHash);
    if (cached) {
      return { ...cached, roles: [...cached.roles] };
    }
    const user = await this.repository.findUserByTokenHash(tokenHash);
    if (!user) {
      return null;
    }
    // Only on a cache miss: "last used" is exact to within the cache's TTL, at one write per TTL per token.
    await this.repository.touchToken(tokenHash);
    const principal: Principal = {
      userId: user.id,
      authorityId: user.authorityId,
      roles: user.roles,
      name: user.name,
    };
    this.principals.set(tokenHash, { ...principal, roles: [...principal.roles] });
    return principal;
  }
}

function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
