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
