import { Injectable } from '@nestjs/common';
import { type PoolQuery, poolQuery } from '@/database/pool-query';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccessLogEntry } from './entities/access-log-entry.entity';

export interface AccessSearch {
  /** The readers' authority. */
  authorityId: string;
  requestId?: string;
  userId?: string;
  view?: AccessLogEntry['view'];
  from?: string;
  to?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

@Injectable()
export class AccessLogRepository {
  private readonly sql: PoolQuery;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.sql = poolQuery(dataSource);
  }

  async insert(entries: Omit<AccessLogEntry, 'id'>[]): Promise<void> {
    if (entries.length > 0) {
      // Plain SQL: one of these is written for every read of a request, on the hot path.
      await this.sql(
        `INSERT INTO audit_access_log (request_id, user_id, authority_id, view, item_id, accessed_at, http_request_id)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::timestamptz[], $7::text[])`,
        [
          entries.map((e) => e.requestId),
          entries.map((e) => e.userId),
          entries.map((e) => e.authorityId),
          entries.map((e) => e.view),
          entries.map((e) => e.itemId),
          entries.map((e) => e.accessedAt),
          entries.map((e) => e.httpRequestId),
        ],
      );
    }
  }

  /** The reads of a request's documents (rows naming an item), oldest first. */
  itemReads(requestId: string): Promise<AccessLogEntry[]> {
    return this.dataSource
      .getRepository(AccessLogEntry)
      .createQueryBuilder('a')
      .where('a.request_id = :requestId AND a.item_id IS NOT NULL', { requestId })
      .orderBy('a.accessed_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }

  /** Newest first, keyset-paginated on (accessed_at, id). */
  search(s: AccessSearch): Promise<AccessLogEntry[]> {
    const qb = this.dataSource
      .getRepository(AccessLogEntry)
      .createQueryBuilder('a')
      .where('a.authority_id = :authorityId', { authorityId: s.authorityId });
    if (s.requestId) {
      qb.andWhere('a.request_id = :requestId', { requestId: s.requestId });
    }
    if (s.userId) {
      qb.andWhere('a.user_id = :userId', { userId: s.userId });
    }
    if (s.view) {
      qb.andWhere('a.view = :view', { view: s.view });
    }
    if (s.from) {
      qb.andWhere('a.accessed_at >= :from', { from: s.from });
    }
    if (s.to) {
      qb.andWhere('a.accessed_at < :to', { to: s.to });
    }
    if (s.after) {
      qb.andWhere('(a.accessed_at, a.id) < (:afterTime, :afterId)', {
        afterTime: s.after.createdAt,
        afterId: s.after.id,
      });
    }
    return qb.orderBy('a.accessed_at', 'DESC').addOrderBy('a.id', 'DESC').limit(s.limit).getMany();
  }
}
