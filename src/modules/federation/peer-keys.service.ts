import { Injectable, Logger } from '@nestjs/common';
import { AlertsService } from './alerts/alerts.service';
import type { FederationPeer } from './entities/federation-peer.entity';
import { peerKeys } from './envelope/envelope-writer.service';
import type { PublicJwk } from './jwk';
import { type KeyState, verifyKeyLogContinuation } from './key-log';
import { KEY_LOG_PATH } from './node-document';
import { PeerClient } from './peer-client';
import { namesKey } from './peer-keys';
import { PeersRepository } from './peers.repository';

/** Who moves a pinned head: the node itself, following the peer's key log (no admin is involved). */
export const KEY_LOG_ACTOR = { userId: 'ffffffff-ffff-ffff-ffff-ffffffffffff', name: 'key log (automatic)' };
/** Kind of the alert raised when a peer serves a key log that does not continue the pinned head. */
export const KEY_ROTATION_ALERT = 'key-rotation-refused';
/**
 * Key-log fetches that brought nothing new are not repeated at once (no fetch storm on junk kids): at most one
 * per peer in FOLLOW_SPACING_MS, and for the same unknown kid at most one in FOLLOW_COOLDOWN_MS.
 */
export const FOLLOW_SPACING_MS = 1000;
export const FOLLOW_COOLDOWN_MS = 5000;

export type FollowOutcome =
  /** The kid is in the pinned log (perhaps after following a rotation): `peer` is the row as it is now. */
  | { outcome: 'known' | 'followed'; peer: FederationPeer }
  /** The peer's log does not name the kid, or could not be fetched: nothing changed. */
  | { outcome: 'unknown'; reason: string }
  /** The peer serves a log that is no valid continuation of the pinned head: refused, alert raised. */
  | { outcome: 'refused'; reason: string };

/**
 * Follows a pinned peer's key rotations (FEDERATION.md "Trust without a shared PKI"). On a key id the pinned
 * head does not name, it fetches the peer's key log and accepts only a valid continuation of the pinned head
 * (verifyKeyLogContinuation: the pinned event unchanged, each later event applying in order, a rotation
 * revealing the committed next key and signed by both keys). Then the pinned head moves, recorded in the
 * peer's hash-chained trail (`follow-rotation`). It never accepts whatever is served: a fork, a roll-back
 * or a rotation to an uncommitted key (a thief of the current key) is refused and raises an alert.
 */
@Injectable()
export class PeerKeysService {
  private readonly logger = new Logger('Federation');
  /** When each peer's key log was last fetched, and when for each `origin kid`. */
  private readonly lastFetch = new Map<string, number>();
  /** The key-log fetch under way per peer, shared by concurrent callers. */
  private readonly running = new Map<string, Promise<FollowOutcome>>();

  constructor(
    private readonly peers: PeersRepository,
    private readonly client: PeerClient,
    private readonly alerts: AlertsService,
  ) {}

  /**
   * The keys of `peer` that may have signed something with `kid`: its pinned keys, after following its key
   * log when `kid` is not among them (for receipts and envelopes of a peer that rotated meanwhile).
   */
  async keysFor(peer: FederationPeer, kid: string | null): Promise<PublicJwk[]> {
    if (kid === null || namesKey(peer, kid)) {
      return peerKeys(peer);
    }
    const followed = await this.follow(peer, kid);
    return followed.outcome === 'known' || followed.outcome === 'followed'
      ? peerKeys(followed.peer)
      : peerKeys(peer);
  }

  /** Makes `kid` known if the peer's key log validly continues the pinned head with it. */
  async follow(
    peer: FederationPeer,
    kid: string,
    context: { requestId?: string | null } = {},
  ): Promise<FollowOutcome> {
    if (namesKey(peer, kid)) {
      return { outcome: 'known', peer };
    }
    if (peer.status !== 'PINNED' || !peer.pinnedHead) {
      return { outcome: 'unknown', reason: `${peer.origin} is not pinned` };
    }
    const pinnedPeer = peer as FederationPeer & { pinnedHead: KeyState };
    const running = this.running.get(peer.origin);
    if (running) {
      // Envelopes signed by the new key arrive together: they wait for the one fetch under way.
      const done = await running;
      if (done.outcome === 'known' || done.outcome === 'followed') {
        return namesKey(done.peer, kid)
          ? { outcome: 'known', peer: done.peer }
          : { outcome: 'unknown', reason: `the key log of ${peer.origin} does not name key ${kid}` };
      }
      return done;
    }
    const now = Date.now();
    const lastPeer = this.lastFetch.get(peer.origin);
    const lastKid = this.lastFetch.get(`${peer.origin} ${kid}`);
    if (
      (lastPeer !== undefined && now - lastPeer < FOLLOW_SPACING_MS) ||
      (lastKid !== undefined && now - lastKid < FOLLOW_COOLDOWN_MS)
    ) {
      return { outcome: 'unknown', reason: `the key log of ${peer.origin} was read moments ago` };
    }
    if (this.lastFetch.size > 1000) {
      // Junk kids must not grow the map for ever: forget what is past its cool-down.
      for (const [k, at] of this.lastFetch) {
        if (now - at >= FOLLOW_COOLDOWN_MS) {
          this.lastFetch.delete(k);
        }
      }
    }
    this.lastFetch.set(peer.origin, now);
    this.lastFetch.set(`${peer.origin} ${kid}`, now);
    const fetching = this.fetchAndFollow(pinnedPeer, kid, context);
    this.running.set(peer.origin, fetching);
    try {
      return await fetching;
    } finally {
      this.running.delete(peer.origin);
    }
  }

  /**
   * Reads the peer's key log now and moves the pinned head if it validly continues it (a revocation, or a
   * rotation not used yet), whatever kid was seen: run periodically (with checkpoint cosigning), so that a
   * revoked key stops verifying without waiting for an unknown kid.
   */
  async refresh(peer: FederationPeer): Promise<FollowOutcome> {
    if (peer.status !== 'PINNED' || !peer.pinnedHead) {
      return { outcome: 'unknown', reason: `${peer.origin} is not pinned` };
    }
    const running = this.running.get(peer.origin);
    if (running) {
      return running;
    }
    const fetching = this.fetchAndFollow(peer as FederationPeer & { pinnedHead: KeyState }, null, {});
    this.running.set(peer.origin, fetching);
    try {
      return await fetching;
    } finally {
      this.running.delete(peer.origin);
    }
  }

  private async fetchAndFollow(
    peer: FederationPeer & { pinnedHead: KeyState },
    kid: string | null,
    context: { requestId?: string | null },
  ): Promise<FollowOutcome> {
    const fetched = await this.client.getJson(`${peer.origin}${KEY_LOG_PATH}`);
    if (!fetched.ok) {
      return { outcome: 'unknown', reason: `its key log could not be read: ${fetched.why}` };
    }
    const events = (fetched.body as { events?: unknown } | null)?.events;
    const moved = await this.peers.transaction(async (m) => {
      const locked = await this.peers.lock(m, peer.id);
      if (!locked?.pinnedHead || locked.status !== 'PINNED') {
        return { outcome: 'unknown', reason: `${peer.origin} is not pinned` } as const;
      }
      const pinned = locked.pinnedHead;
      const verified = await verifyKeyLogContinuation(pinned, events);
      if (!verified.ok) {
        return { outcome: 'refused', reason: verified.reason, seq: verified.seq } as const;
      }
      const state = verified.state;
      if (state.seq === pinned.seq) {
        return { outcome: 'unchanged', peer: locked } as const;
      }
      locked.pinnedHead = state;
      const row = await this.peers.save(m, locked);
      await this.peers.appendEvent(m, locked.id, {
        action: 'follow-rotation',
        fromStatus: 'PINNED',
        toStatus: 'PINNED',
        actor: KEY_LOG_ACTOR,
        details: {
          trigger: kid ?? 'refresh',
          fromSeq: pinned.seq,
          fromHead: pinned.head,
          toSeq: state.seq,
          toHead: state.head,
          previousKeyId: pinned.currentKey.kid,
          keyId: state.currentKey.kid,
        },
        occurredAt: new Date(),
      });
      return { outcome: 'followed', peer: row } as const;
    });
    if (moved.outcome === 'refused') {
      const reason =
        `the key log served by ${peer.origin} is not a valid continuation of the pinned head ` +
        `(seq ${peer.pinnedHead.seq})${moved.seq === null ? '' : ` at seq ${moved.seq}`}: ${moved.reason}`;
      if (!(await this.alerts.hasOpen(KEY_ROTATION_ALERT, peer.origin, null))) {
        await this.alerts.raise(null, {
          kind: KEY_ROTATION_ALERT,
          peerOrigin: peer.origin,
          requestId: context.requestId ?? null,
          envelopeRowId: null,
          message: `${reason}; the pinned head stays where it was${kid ? ` and key ${kid} is not trusted` : ''}`,
        });
      }
      return { outcome: 'refused', reason };
    }
    if (moved.outcome === 'unknown') {
      return moved;
    }
    if (moved.outcome === 'followed') {
      this.lastFetch.delete(peer.origin);
      this.logger.log({
        msg: 'federation peer key rotation followed',
        origin: peer.origin,
        keyLogSeq: moved.peer.pinnedHead?.seq,
        kid: moved.peer.pinnedHead?.currentKey.kid,
      });
    }
    return kid === null || namesKey(moved.peer, kid)
      ? { outcome: moved.outcome === 'followed' ? 'followed' : 'known', peer: moved.peer }
      : { outcome: 'unknown', reason: `the key log of ${peer.origin} does not name key ${kid}` };
  }
}
