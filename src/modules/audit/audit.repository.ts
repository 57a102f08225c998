import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEvent } from './entities/audit-event.entity';

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async lastHash(manager: EntityManager, requestId: string): Promise<string | null> {
    const last = await manager.getRepository(AuditEvent).findOne({
      where: { requestId },
      order: { seq: 'DESC' },
      select: { hash: true },
    });
    return last?.hash ?? null;
  }

  async insert(manager: EntityManager, event: Omit<AuditEvent, 'id'>): Promise<AuditEvent> {
    const repo = manager.getRepository(AuditEvent);
    return repo.save(repo.create(event));
  }

  search(s: EventSearch): Promise<AuditEvent[]> {
    return searchEvents(this.dataSource, s);
  }

  listForRequest(requestId: string): Promise<AuditEvent[]> {
    return this.dataSource.getRepository(AuditEvent).find({ where: { requestId }, order: { seq: 'ASC' } });
  }
}

export interface EventSearch {
  authorityId: string;
  requestId?: string;
  action?: string;
  actorUserId?: string;
  channel?: string;
  from?: string;
  to?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

/**
 * Events of requests the authority is party to. The requested side sees a request's events from its
 * submission on, never the requesting side's drafting (create/edit).
 */
export function searchEvents(dataSource: DataSource, s: EventSearch): Promise<AuditEvent[]> {
  const qb = dataSource
    .getRepository(AuditEvent)
    .createQueryBuilder('e')
    .innerJoin('cooperation_requests', 'r', 'r.id = e.request_id')
    .where(
      `(r.requesting_authority_id = :a
        OR (r.requested_authority_id = :a AND r.delivered_at IS NOT NULL AND e.action NOT IN ('create', 'edit')))`,
      { a: s.authorityId },
    );
  if (s.requestId) {
    qb.andWhere('e.request_id = :requestId', { requestId: s.requestId });
  }
  if (s.action) {
    qb.andWhere('e.action = :action', { action: s.action });
  }
  if (s.actorUserId) {
    qb.andWhere('e.actor_user_id = :actorUserId', { actorUserId: s.actorUserId });
  }
  if (s.channel) {
    qb.andWhere('r.channel = :channel', { channel: s.channel });
  }
  if (s.from) {
    qb.andWhere('e.occurred_at >= :from', { from: s.from });
  }
  if (s.to) {
    qb.andWhere('e.occurred_at < :to', { to: s.to });
  }
  if (s.after) {
    qb.andWhere('(e.occurred_at, e.id) < (:afterTime, :afterId)', {
      afterTime: s.after.createdAt,
      afterId: s.after.id,
    });
  }
  return qb.orderBy('e.occurred_at', 'DESC').addOrderBy('e.id', 'DESC').take(s.limit).getMany();
}
