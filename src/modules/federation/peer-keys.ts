import type { FederationPeer } from './entities/federation-peer.entity';
import type { PublicJwk } from './jwk';
import type { KeyState } from './key-log';

/**
 * Which of a peer's keys sign what. Everything comes from the key-log head this node pinned (never from a
 * document fetched later), and a revoked key is never used.
 */

/** The pinned head of a peer this node trusts (set by the confirmation); null before it. */
export function pinnedState(peer: FederationPeer): KeyState | null {
  return peer.pinnedHead;
}

/**
 * Keys accepted for a hop signature made now: the current key, and a key rotated away less than `graceS`
 * ago (requests signed just before the rotation, still in flight). A retired key is not accepted for new
 * requests after that, so a thief of a retired key cannot speak for the peer.
 */
export function hopKeys(peer: FederationPeer, now: Date, graceS: number): PublicJwk[] {
  const state = pinnedState(peer);
  if (!state) {
    return [];
  }
  const cutoff = now.getTime() - graceS * 1000;
  return state.keys
    .filter((k) => k.revokedSince === null && (k.validUntil === null || Date.parse(k.validUntil) >= cutoff))
    .map((k) => k.jwk);
}

/** Whether the pinned key log of the peer names this key id at all (current, retired or revoked). */
export function namesKey(peer: FederationPeer, kid: string): boolean {
  return pinnedState(peer)?.keys.some((k) => k.jwk.kid === kid) ?? false;
}
