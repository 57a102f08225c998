import { Injectable } from '@nestjs/common';
import { type PoolQuery, poolQuery } from '@/database/pool-query';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { OutboxEntry } from './outbox-entry.entity';

@Injectable()
export class OutboxRepository {
  private readonly sql: PoolQuery;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.sql = poolQuery(dataSource);
  }

  private get repo() {
    return this.dataSource.getRepository(OutboxEntry);
  }

  /** Rows committed but never handed to BullMQ (the API process crashed, or Redis was down). */
  neverEnqueued(limit: number): Promise<OutboxEntry[]> {
    return this.repo.find({
      where: { processedAt: IsNull(), enqueuedAt: IsNull() },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  /** Undone rows due by `now`, in id order from `afterId` (served by the partial index on run_at). */
  dueUndone(now: Date, afterId: string, limit: number): Promise<OutboxEntry[]> {
    return this.repo.find({
      where: { processedAt: IsNull(), runAt: LessThanOrEqual(now), id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  async markEnqueued(ids: string[]): Promise<void> {
    if (ids.length > 0) {
      await this.sql(
        'UPDATE outbox SET enqueued_at = now() WHERE id = ANY($1::bigint[]) AND enqueued_at IS NULL',
        [ids],
      );
    }
  }

  async recordFailure(id: string, error: string, attempts: number): Promise<void> {
    await this.repo.update({ id, processedAt: IsNull() }, { lastError: error.slice(0, 2000), attempts });
  }

  countUndone(): Promise<number> {
    return this.repo.count({ where: { processedAt: IsNull() } });
  }
}
