import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In, IsNull } from 'typeorm';
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

  findAuthorityByCode(code: string): Promise<Authority | null> {
    return this.dataSource.getRepository(Authority).findOne({ where: { code } });
  }

  listAuthorities(): Promise<Authority[]> {
    return this.dataSource.getRepository(Authority).find({ order: { country: 'ASC', code: 'ASC' } });
  }

  insertAuthority(a: Omit<Authority, 'id' | 'createdAt'>): Promise<Authority> {
    const repo = this.dataSource.getRepository(Authority);
    return repo.save(repo.create(a));
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
