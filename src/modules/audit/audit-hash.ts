import { canonicalJson } from '@/common/crypto/canonical-json';
import { sha256Hex } from '@/common/crypto/sha256';

/** The fields covered by an event's hash; any change to one of them breaks the chain. */
export interface HashedEventFields {
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
  prevHash: string | null;
}

export function computeEventHash(e: HashedEventFields): string {
  return sha256Hex(
    canonicalJson({
      v: 1,
      requestId: e.requestId,
      seq: e.seq,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorType: e.actorType,
      actorUserId: e.actorUserId,
      actorAuthorityId: e.actorAuthorityId,
      payload: e.payload,
      occurredAt: e.occurredAt.toISOString(),
      prevHash: e.prevHash,
    }),
  );
}

export interface ChainVerification {
  valid: boolean;
  events: number;
  brokenAt?: { seq: number; eventId: string | null; reason: string };
}

/**
 * Recomputes a request's chain, oldest first: each hash, each link, and seq continuity. With
 * `expectedEvents` (the request's version, which counts its events) a truncated tail is caught too.
 */
export function verifyChain(
  events: (HashedEventFields & { id: string; hash: string })[],
  expectedEvents?: number,
): ChainVerification {
  let prev: string | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const broken = (reason: string): ChainVerification => ({
      valid: false,
      events: events.length,
      brokenAt: { seq: e.seq, eventId: e.id, reason },
    });
    if (e.seq !== i + 1) {
      return broken(`expected seq ${i + 1}, found ${e.seq}`);
    }
    if (e.prevHash !== prev) {
      return broken('prevHash does not match the previous event');
    }
    if (computeEventHash(e) !== e.hash) {
      return broken('hash does not match the event content');
    }
    prev = e.hash;
  }
  if (expectedEvents !== undefined && events.length !== expectedEvents) {
    return {
      valid: false,
      events: events.length,
      brokenAt: {
        seq: Math.min(events.length, expectedEvents) + 1,
        eventId: null,
        reason: `the request is at version ${expectedEvents} but ${events.length} events remain`,
      },
    };
  }
  return { valid: true, events: events.length };
}
