import { Injectable } from '@nestjs/common';
import { type ChainVerification, verifyChain } from './audit-hash';
import { AuditRepository, type EventSearch } from './audit.repository';
import { type EventEnvelope, envelopesByEvent } from './federation-proof';
import type { AuditEvent } from '@/workflows';

/** The stored event, for other modules (they reach this module through its service only). */
export type { AuditEvent };

@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  search(s: EventSearch): Promise<AuditEvent[]> {
    return this.repository.search(s);
  }

  history(requestId: string): Promise<AuditEvent[]> {
    return this.repository.listForRequest(requestId);
  }

  /** The envelopes that carried these events to or from another node, by event seq, with their receipts. */
  envelopes(requestId: string, events: readonly AuditEvent[]): Promise<Map<number, EventEnvelope[]>> {
    return this.repository.snapshot((manager) => envelopesByEvent(manager, requestId, events));
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
