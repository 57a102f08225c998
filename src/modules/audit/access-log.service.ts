import { Injectable } from '@nestjs/common';
import { requestContext } from '@/common/logging/request-context';
import { type AccessSearch, AccessLogRepository } from './access-log.repository';
import type { AccessLogEntry, AccessView } from './entities/access-log-entry.entity';

export interface Reader {
  userId: string;
  authorityId: string;
}

/**
 * Records who read which request's content (the request, its history, an export, events in a search).
 * Written before the content is returned: a read that cannot be logged fails.
 */
@Injectable()
export class AccessLogService {
  constructor(private readonly repository: AccessLogRepository) {}

  async record(reader: Reader, requestIds: string | string[], view: AccessView): Promise<void> {
    const ids = [...new Set(typeof requestIds === 'string' ? [requestIds] : requestIds)];
    const accessedAt = new Date();
    const httpRequestId = requestContext.getStore()?.requestId ?? null;
    await this.repository.insert(
      ids.map((requestId) => ({
        requestId,
        userId: reader.userId,
        authorityId: reader.authorityId,
        view,
        itemId: null,
        accessedAt,
        httpRequestId,
      })),
    );
  }

  /** One row per document read: its metadata in a list (`documents`) or its content (`document`). */
  async recordItems(
    reader: Reader,
    requestId: string,
    itemIds: string[],
    view: 'documents' | 'document',
  ): Promise<void> {
    const accessedAt = new Date();
    const httpRequestId = requestContext.getStore()?.requestId ?? null;
    await this.repository.insert(
      [...new Set(itemIds)].map((itemId) => ({
        requestId,
        userId: reader.userId,
        authorityId: reader.authorityId,
        view,
        itemId,
        accessedAt,
        httpRequestId,
      })),
    );
  }

  /** Every read of a request's documents, by any authority, oldest first (the sender's use report). */
  itemReads(requestId: string): Promise<AccessLogEntry[]> {
    return this.repository.itemReads(requestId);
  }

  search(s: AccessSearch): Promise<AccessLogEntry[]> {
    return this.repository.search(s);
  }
}
