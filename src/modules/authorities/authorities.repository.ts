import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { ApiToken } from './entities/api-token.entity';
import { Authority } from './entities/authority.entity';
import { User } from './entities/user.entity';

@Injectable()
export class AuthoritiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findAuthorityById(id: string): Promise<Authority | null> {
    return this.dataSource.getRepository(Authority).findOne({ where: { id } });
  }

  findAuthoritiesByIds(ids: string[]): Promise<Authority[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : this.dataSource.getRepository(Authority).find({ where: { id: In(ids) } });
  }

  /** The authority of this node with that code (codes are unique per node). */
  findAuthorityByCode(code: string): Promise<Authority | null> {
    return this.dataSource.getRepository(Authority).findOne({ where: { code, nodeOrigin: IsNull() } });
  }

  /** The directory: local authorities and the listed ones of pinned peers. */
  listAuthorities(): Promise<Authority[]> {
    return this.dataSource
      .getRepository(Authority)
      .find({ where: { active: true }, order: { country: 'ASC', code: 'ASC', nodeOrigin: 'ASC' } });
  }

  /** This node's own authorities, optionally of one country. */
  listLocalAuthorities(country?: string): Promise<Authority[]> {
    return this.dataSource.getRepository(Authority).find({
      where: { nodeOrigin: IsNull(), ...(country ? { country } : {}) },
      order: { code: 'ASC' },
    });
  }

  insertAuthority(a: Omit<Authority, 'id' | 'createdAt' | 'nodeOrigin' | 'active'>): Promise<Authority> {
    const repo = this.dataSource.getRepository(Authority);
    return repo.save(repo.create({ ...a, nodeOrigin: null, active: true }));
  }

  /**
   * Makes the remote authorities of `nodeOrigin` what its node document lists, within the caller's
   * transaction: listed ones are added or updated (and `active` as given), the others no longer listed.
   * Rows are never deleted: requests already addressed to them keep resolving. Returns every row of that node.
   */
  async syncRemoteAuthorities(
    manager: EntityManager,
    nodeOrigin: string,
    country: string,
    listed: (Pick<Authority, 'code' | 'name' | 'kind' | 'languages'> & { id?: string })[],
    active: boolean,
  ): Promise<Authority[]> {
    const repo = manager.getRepository(Authority);
    const existing = await repo.find({ where: { nodeOrigin } });
    const byCode = new Map(existing.map((a) => [a.code, a]));
    const rows: Authority[] = [];
    for (const a of listed) {
      // A new remote authority keeps the id its node gives it (requests name it by that id on both nodes).
      const row =
        byCode.get(a.code) ?? repo.create({ ...(a.id ? { id: a.id } : {}), code: a.code, nodeOrigin });
      Object.assign(row, { name: a.name, kind: a.kind, languages: [...a.languages], country, active });
      rows.push(await repo.save(row));
      byCode.delete(a.code);
    }
    for (const gone of byCode.values()) {
      if (gone.active) {
        gone.active = false;
        await repo.save(gone);
      }
      rows.push(gone);
    }
    return rows;
  }

  findUsersByIds(ids: string[]): Promise<User[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : this.dataSource.getRepository(User).find({ where: { id: In(ids) } });
  }

  findUserById(id: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOne({ where: { id } });
  }

  /** Creates a user and its first token hash in one transaction. */
  insertUserWithToken(user: Omit<User, 'id' | 'createdAt' | 'disabledAt'>, tokenHash: string): Promise<User> {
    return this.dataSource.transaction(async (m) => {
      const saved = await m
        .getRepository(User)
        .save(m.getRepository(User).create({ ...user, disabledAt: null }));
      await m
        .getRepository(ApiToken)
        .save(m.getRepository(ApiToken).create({ userId: saved.id, tokenHash, revokedAt: null }));
      return saved;
    });
  }

  async insertToken(userId: string, tokenHash: string): Promise<void> {
    const repo = this.dataSource.getRepository(ApiToken);
    await repo.save(repo.create({ userId, tokenHash, revokedAt: null }));
  }

  async revokeTokens(userId: string): Promise<number> {
    const result = await this.dataSource
      .getRepository(ApiToken)
      .update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return result.affected ?? 0;
  }

  /** An authority's users (oldest first) and all their tokens, revoked ones included (oldest first). */
  async listUsersWithTokens(authorityId: string): Promise<{ user: User; tokens: ApiToken[] }[]> {
    const users = await this.dataSource
      .getRepository(User)
      .find({ where: { authorityId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const tokens =
      users.length === 0
        ? []
        : await this.dataSource.getRepository(ApiToken).find({
            where: { userId: In(users.map((u) => u.id)) },
            order: { createdAt: 'ASC', id: 'ASC' },
          });
    return users.map((user) => ({ user, tokens: tokens.filter((t) => t.userId === user.id) }));
  }

  /** Records that a token was just used (the database's clock, as the sessions' are). */
  async touchToken(tokenHash: string): Promise<void> {
    await this.dataSource
      .getRepository(ApiToken)
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where('token_hash = :tokenHash', { tokenHash })
      .execute();
  }

  /** The active user behind a token hash, or null for unknown, revoked or disabled. */
  async findUserByTokenHash(tokenHash: string): Promise<User | null> {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin(ApiToken, 't', 't.user_id = u.id')
      .where('t.token_hash = :tokenHash AND t.revoked_at IS NULL AND u.disabled_at IS NULL', { tokenHash })
      .getOne();
  }
}
