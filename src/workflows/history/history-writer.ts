import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEvent } from './audit-event.entity';
import { computeEventHash, type HashedEventFields } from './event-hash';

/**
 * Advisory lock keys. Every append holds APPEND_FENCE shared until its transaction ends; the checkpointer
 * takes it exclusively for an instant to read the highest event id, so that every event at or below that
 * id is committed (ids are handed out in insert order, commits are not).
 */
export const APPEND_FENCE_LOCK = 727173;
export const CHECKPOINT_LOCK = 727174;

/** An event to append: every hashed field but the link to the previous event, which the writer adds. */
export type NewAuditEvent = Omit<HashedEventFields, 'prevHash'>;

/**
 * The engine writes a request's history: each event is hash-chained to the previous one of the same
 * request, inside the transaction of the change it records. The audit module reads and verifies it.
 */
@Injectable()
export class HistoryWriter {
  /**
   * Appends an event inside the caller's transaction. The caller holds the request's row lock, so the
   * previous hash cannot change under us; the append fence is joined (shared) before the id is drawn.
   */
  async append(manager: EntityManager, event: NewAuditEvent): Promise<AuditEvent> {
    const rows: { hash: string | null }[] = await manager.query(
      `SELECT pg_advisory_xact_lock_shared($1) AS fence,
              (SELECT hash FROM audit_events WHERE request_id = $2 ORDER BY seq DESC LIMIT 1) AS hash`,
      [APPEND_FENCE_LOCK, event.requestId],
    );
    const prevHash = rows[0]?.hash ?? null;
    const repo = manager.getRepository(AuditEvent);
    return repo.save(repo.create(this.seal(event, prevHash)));
  }

  /**
   * The event chained to `prevHash`, for a caller that writes it itself (the change statement): it must
   * hold the request's row lock or make its write conditional on the version `prevHash` was read at, and
   * take APPEND_FENCE_LOCK shared before the insert.
   */
  seal(event: NewAuditEvent, prevHash: string | null): Omit<AuditEvent, 'id'> {
    return { ...event, prevHash, hash: computeEventHash({ ...event, prevHash }) };
  }
}
