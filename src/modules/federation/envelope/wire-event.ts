import type { AuditEvent, RecordedEvent } from '@/workflows';

/** An event as it travels between nodes: the fields its hash covers, and the hash. */
export interface WireEvent {
  seq: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorType: 'user' | 'system';
  actorUserId: string | null;
  actorAuthorityId: string | null;
  payload: Record<string, unknown>;
  occurredAt: string;
  prevHash: string | null;
  hash: string;
}

export function wireEvent(e: Omit<AuditEvent, 'id'>): WireEvent {
  return {
    seq: e.seq,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorType: e.actorType,
    actorUserId: e.actorUserId,
    actorAuthorityId: e.actorAuthorityId,
    payload: e.payload,
    occurredAt: new Date(e.occurredAt).toISOString(),
    prevHash: e.prevHash,
    hash: e.hash.trim(),
  };
}

/** An audit_events row as read with plain SQL, as it travels. */
export function wireEventOfRow(h: Record<string, unknown>): WireEvent {
  return wireEvent({
    requestId: h.request_id as string,
    seq: h.seq as number,
    action: h.action as string,
    fromStatus: h.from_status as string | null,
    toStatus: h.to_status as string,
    actorType: h.actor_type as 'user' | 'system',
    actorUserId: h.actor_user_id as string | null,
    actorAuthorityId: h.actor_authority_id as string | null,
    payload: h.payload as Record<string, unknown>,
    occurredAt: h.occurred_at as Date,
    prevHash: h.prev_hash as string | null,
    hash: h.hash as string,
  });
}

/** A travelling event as this node records it (adopting a request's history). */
export function recorded(requestId: string, e: WireEvent): RecordedEvent {
  return { ...e, requestId, occurredAt: new Date(e.occurredAt) };
}
