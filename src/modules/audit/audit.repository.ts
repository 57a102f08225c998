import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APPEND_FENCE_LOCK, AuditEvent, CHECKPOINT_LOCK } from '@/workflows';

export { APPEND_FENCE_LOCK, CHECKPOINT_LOCK };

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  search(s: EventSearch): Promise<AuditEvent[]> {
    return searchEvents(this.dataSource, s);
  }

  /**
   * Runs `read` in one read-only REPEATABLE READ transaction: one consistent state of the log, in which
   * every request's version and its events agree (a transition writes both in one transaction).
   */
  snapshot<T>(read: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return read(manager);
    });
  }

  listForRequest(requestId: string, manager: EntityManager = this.dataSource.manager): Promise<AuditEvent[]> {
    return manager.getRepository(AuditEvent).find({ where: { requestId }, order: { seq: 'ASC' } });
  }

  /** The request as an export names it; its version counts its events. */
  async requestSummary(
    manager: EntityManager,
    requestId: string,
  ): Promise<{ id: string; reference: string; channel: string; status: string; version: number } | null> {
    const rows: { id: string; reference: string; channel: string; status: string; version: number }[] =
      await manager.query(
        'SELECT id, reference, channel, status, version FROM cooperation_requests WHERE id = $1',
        [requestId],
      );
    return rows[0] ?? null;
  }

  /** The highest event id such that every event at or below it is committed (null: no events). */
  async committedHighWater(): Promise<string | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [APPEND_FENCE_LOCK]);
      const rows: { max: string | null }[] = await manager.query(
        'SELECT max(id)::text AS max FROM audit_events',
      );
      return rows[0]?.max ?? null;
    });
  }

  /** Up to `limit` events after `afterId`, in id order, as plain rows (the whole-log verification). */
  async batchAfter(
    afterId: string,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AuditEvent[]> {
    const rows: RawEvent[] = await manager.query(
      `SELECT id, request_id, seq, action, from_status, to_status, actor_type, actor_user_id,
              actor_authority_id, payload, occurred_at, prev_hash, hash
         FROM audit_events WHERE id > $1 ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map(fromRaw);
  }

  /** Every request's version (= the number of events it must have). */
  async requestVersions(manager: EntityManager = this.dataSource.manager): Promise<Map<string, number>> {
    const rows: { id: string; version: number }[] = await manager.query(
      'SELECT id, version FROM cooperation_requests',
    );
    return new Map(rows.map((r) => [r.id, r.version]));
  }

  /** The event hashes with ids in (afterId, upToId], in id order: the leaves of a checkpoint. */
  async hashesBetween(
    manager: EntityManager | null,
    afterId: string,
    upToId: string,
    limit?: number,
  ): Promise<{ id: string; hash: string }[]> {
    return (manager ?? this.dataSource.manager).query(
      `SELECT id, hash FROM audit_events WHERE id > $1 AND id <= $2 ORDER BY id${limit ? ' LIMIT $3' : ''}`,
      limit ? [afterId, upToId, limit] : [afterId, upToId],
    );
  }
}

/** An audit_events row as Postgres returns it (snake_case), for raw reads. */
export interface RawEvent {
  id: string;
  request_id: string;
  seq: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_type: 'user' | 'system';
  actor_user_id: string | null;
  actor_authority_id: string | null;
  payload: Record<string, unknown>;
  occurred_at: Date;
  prev_hash: string | null;
  hash: string;
}

/** Plain objects shaped like the entity, without TypeORM's hydration (a million rows). */
function fromRaw(r: RawEvent): AuditEvent {
  return {
    id: r.id,
    requestId: r.request_id,
    seq: r.seq,
    action: r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    actorType: r.actor_type,
    actorUserId: r.actor_user_id,
    actorAuthorityId: r.actor_authority_id,
    payload: r.payload,
    occurredAt: r.occurred_at,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export interface EventSearch {
  authorityId: string;
  requestId?: string;
  action?: string;
  /** The status the event led to. */
  status?: string;
  actorUserId?: string;
  actorType?: 'user' | 'system';
  actorAuthorityId?: string;
  channel?: string;
  /** The other party of the request, whichever side the caller's authority is on. */
  counterpartAuthorityId?: string;
  from?: string;
  to?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

/**
 * Events of requests the authority is party to (a further party of a multi-party request as the requested
 * side). The requested side sees a request's events from its
 * submission on, never the requesting side's drafting (create/edit).
 */
export function searchEvents(dataSource: DataSource, s: EventSearch): Promise<AuditEvent[]> {
  const qb = dataSource
    .getRepository(AuditEvent)
    .createQueryBuilder('e')
    .innerJoin('cooperation_requests', 'r', 'r.id = e.request_id')
    .where(
      `(r.requesting_authority_id = :a
        OR ((r.requested_authority_id = :a OR r.additional_party_ids @> :aj::jsonb)
            AND r.delivered_at IS NOT NULL AND e.action NOT IN ('create', 'edit')))`,
      { a: s.authorityId, aj: JSON.stringify([s.authorityId]) },
    );
  if (s.requestId) {
    qb.andWhere('e.request_id = :requestId', { requestId: s.requestId });
  }
  if (s.action) {
    qb.andWhere('e.action = :action', { action: s.action });
  }
  if (s.status) {
    qb.andWhere('e.to_status = :status', { status: s.status });
  }
  if (s.actorUserId) {
    qb.andWhere('e.actor_user_id = :actorUserId', { actorUserId: s.actorUserId });
  }
  if (s.actorType) {
    qb.andWhere('e.actor_type = :actorType', { actorType: s.actorType });
  }
  if (s.actorAuthorityId) {
    qb.andWhere('e.actor_authority_id = :actorAuthorityId', { actorAuthorityId: s.actorAuthorityId });
  }
  if (s.channel) {
    qb.andWhere('r.channel = :channel', { channel: s.channel });
  }
  if (s.counterpartAuthorityId) {
    qb.andWhere(
      `((r.requesting_authority_id = :a AND (r.requested_authority_id = :cp OR r.additional_party_ids @> :cpj::jsonb))
        OR ((r.requested_authority_id = :a OR r.additional_party_ids @> :aj::jsonb) AND r.requesting_authority_id = :cp))`,
      { cp: s.counterpartAuthorityId, cpj: JSON.stringify([s.counterpartAuthorityId]) },
    );
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
  // limit (not take): the join selects nothing, so a plain LIMIT is right and avoids TypeORM's
  // two-query DISTINCT pagination.
  return qb.orderBy('e.occurred_at', 'DESC').addOrderBy('e.id', 'DESC').limit(s.limit).getMany();
}
