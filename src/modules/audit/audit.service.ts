import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { computeEventHash, type ChainVerification, verifyChain } from './audit-hash';
import { AuditRepository, type EventSearch } from './audit.repository';
import { AuditEvent } from './entities/audit-event.entity';

/** The stored event, for other modules (they reach this module through its service only). */
export type { AuditEvent };
/** The advisory lock every append holds shared until commit; checkpoints take it exclusively. */
export { APPEND_FENCE_LOCK } from './audit.repository';

export interface NewAuditEvent {
  requestId: string;
  seq: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorType: 'user' | 'system';
  actorUserId: string | null;
  actorAuthorityId: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  /**
   * Appends an event inside the caller's transaction. The caller holds the request's row lock, so the
   * previous hash cannot change under us.
   */
  async append(manager: EntityManager, event: NewAuditEvent): Promise<AuditEvent> {
    const prevHash = await this.repository.lastHashForAppend(manager, event.requestId);
    const hash = computeEventHash({ ...event, prevHash });
    return this.repository.insert(manager, { ...event, prevHash, hash });
  }

  /**
   * The event chained to `prevHash`, for a caller that writes it itself (the transition statement): it
   * must hold the request's row lock or make its write conditional on the version `prevHash` was read at,
   * and take APPEND_FENCE_LOCK shared before the insert.
   */
  seal(event: NewAuditEvent, prevHash: string | null): Omit<AuditEvent, 'id'> {
    return { ...event, prevHash, hash: computeEventHash({ ...event, prevHash }) };
  }

  search(s: EventSearch): Promise<AuditEvent[]> {
    return this.repository.search(s);
  }

  history(requestId: string): Promise<AuditEvent[]> {
    return this.repository.listForRequest(requestId);
  }

  /**
   * Recomputes the request's chain and compares its length with the request's version (every change
   * appended exactly one event), both read in one snapshot so that a transition in between is no alarm.
   */
  verify(requestId: string): Promise<ChainVerification> {
    return this.repository.snapshot(async (manager) => {
      const events = await this.repository.listForRequest(requestId, manager);
      const request = await this.repository.requestSummary(manager, requestId);
      return verifyChain(events, request?.version);
    });
  }
}
