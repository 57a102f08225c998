import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@/common/auth/principal';
import { ValidationFailedError } from '@/common/errors/domain-error';
import { parseNodeOrigin } from '@/config/federation.config';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { detachedKid } from './detached-jws';
import { type PeerResponse, toPeerResponse } from './dto/peer.response';
import type { FederationPeer, PeerStatus } from './entities/federation-peer.entity';
import type { PeerAction } from './entities/peer-event.entity';
import {
  FingerprintMismatchError,
  FourEyesError,
  PeerDocumentInvalidError,
  PeerExistsError,
  PeerNotFoundError,
  PeerStatusError,
  PeerUnreachableError,
} from './federation.errors';
import { formatFingerprint, normaliseFingerprint, sameFingerprint } from './fingerprint';
import { type KeyState, verifyKeyLog } from './key-log';
import { KEY_LOG_PATH, type NodeDocument, verifyNodeDocument, WELL_KNOWN_PATH } from './node-document';
import { NodeIdentityService } from './node-identity.service';
import { PeerClient } from './peer-client';
import { PeersRepository } from './peers.repository';

interface Fetched {
  document: NodeDocument;
  state: KeyState;
}

/**
 * Peers with four eyes. One admin adds a peer by origin: its node document is fetched, its self-signature
 * and its key log (from the inception) verified, and it is stored PENDING_CONFIRMATION with its fingerprint;
 * nothing of it is trusted yet (trust on first use is refused). A different admin (compared by user id
 * on the server; the bootstrap ADMIN_TOKEN is one admin) confirms it by typing the fingerprint received
 * through an official channel: only an exact match pins it (PINNED: the key-log head fetched is pinned and
 * its authorities enter the directory as remote ones). Suspending stops trusting it and unlists its
 * authorities without deleting anything; resuming restores the status it had. Every change is an event of
 * the peer's hash-chained trail.
 */
@Injectable()
export class PeersService {
  private readonly logger = new Logger('Federation');

  constructor(
    private readonly identity: NodeIdentityService,
    private readonly repository: PeersRepository,
    private readonly client: PeerClient,
    private readonly authorities: AuthoritiesService,
  ) {}

  async list(): Promise<PeerResponse[]> {
    void this.identity.origin;
    return (await this.repository.listWithStreams()).map(toPeerResponse);
  }

  async add(rawOrigin: string, principal: Principal): Promise<PeerResponse> {
    const own = this.identity.origin;
    const parsed = parseNodeOrigin(rawOrigin.trim(), this.identity.allowHttp);
    if (!parsed.ok) {
      throw new ValidationFailedError([{ field: 'origin', messages: [`origin ${parsed.reason}`] }]);
    }
    const origin = parsed.origin;
    if (origin === own) {
      throw new ValidationFailedError([{ field: 'origin', messages: ["is this node's own origin"] }]);
    }
    const existing = await this.repository.findByOrigin(origin);
    if (existing && existing.status !== 'PENDING_CONFIRMATION') {
      throw new PeerExistsError(existing.id, existing.status);
    }
    const fetched = await this.fetchVerified(origin);
    const now = new Date();
    const actor = { userId: principal.userId, name: principal.name };
    try {
      const saved = await this.repository.transaction(async (m) => {
        const locked = existing ? await this.repository.lock(m, existing.id) : null;
        if (locked && locked.status !== 'PENDING_CONFIRMATION') {
          throw new PeerExistsError(locked.id, locked.status);
        }
        const peer =
          locked ?? this.repository.create(m, { origin, status: 'PENDING_CONFIRMATION', confirmedAt: null });
        Object.assign(peer, {
          country: fetched.document.country,
          fingerprint: fetched.state.fingerprint,
          keyState: fetched.state,
          pinnedHead: null,
          document: fetched.document,
          authorities: fetched.document.authorities,
          addedByUserId: actor.userId,
          addedByName: actor.name,
          addedAt: now,
          confirmedByUserId: null,
          confirmedByName: null,
          confirmedAt: null,
          suspendedByUserId: null,
          suspendedByName: null,
          suspendedAt: null,
        });
        const row = await this.repository.save(m, peer);
        await this.record(
          m,
          row,
          locked ? 'refetch' : 'add',
          locked ? 'PENDING_CONFIRMATION' : null,
          actor,
          now,
          {
            fingerprint: formatFingerprint(fetched.state.fingerprint),
            keyId: fetched.state.currentKey.kid,
            keyLogSeq: fetched.state.seq,
            keyLogHead: fetched.state.head,
            authorities: fetched.document.authorities.map((a) => a.code),
          },
        );
        return row;
      });
      this.logger.log({
        msg: 'federation peer added',
        origin,
        by: actor.userId,
        fingerprint: saved.fingerprint,
      });
      return toPeerResponse(saved);
    } catch (err) {
      // Two admins adding the same new origin at once: one wins on the unique origin.
      if ((err as { code?: string }).code === '23505') {
        const winner = await this.repository.findByOrigin(origin);
        if (winner) {
          throw new PeerExistsError(winner.id, winner.status);
        }
      }
      throw err;
    }
  }

  async confirm(id: string, typed: string, principal: Principal): Promise<PeerResponse> {
    void this.identity.origin;
    const actor = { userId: principal.userId, name: principal.name };
    const now = new Date();
    try {
      const saved = await this.repository.transaction(async (m) => {
        const peer = await this.locked(m, id);
        if (peer.addedByUserId === actor.userId) {
          throw new FourEyesError();
        }
        if (peer.status !== 'PENDING_CONFIRMATION') {
          throw new PeerStatusError(
            'PEER_NOT_PENDING',
            `Only a peer awaiting confirmation can be confirmed; this one is ${peer.status}`,
            peer.status,
          );
        }
        const fingerprint = normaliseFingerprint(typed);
        if (fingerprint === null) {
          throw new ValidationFailedError([{ field: 'fingerprint', messages: ['must be 64 hex digits'] }]);
        }
        if (!sameFingerprint(fingerprint, peer.fingerprint)) {
          throw new FingerprintMismatchError();
        }
        peer.status = 'PINNED';
        peer.pinnedHead = peer.keyState;
        peer.confirmedByUserId = actor.userId;
        peer.confirmedByName = actor.name;
        peer.confirmedAt = now;
        const row = await this.repository.save(m, peer);
        await this.syncAuthorities(m, row, true);
        await this.record(m, row, 'confirm', 'PENDING_CONFIRMATION', actor, now, {
          fingerprint: formatFingerprint(peer.fingerprint),
          keyId: peer.keyState.currentKey.kid,
          keyLogSeq: peer.keyState.seq,
          keyLogHead: peer.keyState.head,
        });
        return row;
      });
      this.logger.log({ msg: 'federation peer pinned', origin: saved.origin, by: actor.userId });
      return toPeerResponse(saved);
    } catch (err) {
      if (err instanceof FingerprintMismatchError || err instanceof FourEyesError) {
        this.logger.warn({
          msg: 'federation peer confirmation refused',
          peerId: id,
          by: actor.userId,
          code: err.code,
        });
      }
      throw err;
    }
  }

  async suspend(id: string, reason: string | undefined, principal: Principal): Promise<PeerResponse> {
    void this.identity.origin;
    const actor = { userId: principal.userId, name: principal.name };
    const now = new Date();
    const saved = await this.repository.transaction(async (m) => {
      const peer = await this.locked(m, id);
      const from = peer.status;
      if (from === 'SUSPENDED') {
        throw new PeerStatusError('PEER_ALREADY_SUSPENDED', 'This peer is already suspended', from);
      }
      peer.status = 'SUSPENDED';
      peer.suspendedByUserId = actor.userId;
      peer.suspendedByName = actor.name;
      peer.suspendedAt = now;
      const row = await this.repository.save(m, peer);
      await this.syncAuthorities(m, row, false);
      await this.record(m, row, 'suspend', from, actor, now, reason ? { reason } : {});
      return row;
    });
    this.logger.log({ msg: 'federation peer suspended', origin: saved.origin, by: actor.userId });
    return toPeerResponse(saved);
  }

  async resume(id: string, principal: Principal): Promise<PeerResponse> {
    void this.identity.origin;
    const actor = { userId: principal.userId, name: principal.name };
    const now = new Date();
    const saved = await this.repository.transaction(async (m) => {
      const peer = await this.locked(m, id);
      if (peer.status !== 'SUSPENDED') {
        throw new PeerStatusError(
          'PEER_NOT_SUSPENDED',
          `Only a suspended peer can be resumed; this one is ${peer.status}`,
          peer.status,
        );
      }
      // Back to what it was: pinned if a second admin had confirmed it, else still awaiting that.
      peer.status = peer.confirmedAt ? 'PINNED' : 'PENDING_CONFIRMATION';
      peer.suspendedByUserId = null;
      peer.suspendedByName = null;
      peer.suspendedAt = null;
      const row = await this.repository.save(m, peer);
      await this.syncAuthorities(m, row, row.status === 'PINNED');
      await this.record(m, row, 'resume', 'SUSPENDED', actor, now, {});
      return row;
    });
    this.logger.log({
      msg: 'federation peer resumed',
      origin: saved.origin,
      by: actor.userId,
      status: saved.status,
    });
    return toPeerResponse(saved);
  }

  /** Fetches the peer's node document and key log and checks that they verify and agree. */
  private async fetchVerified(origin: string): Promise<Fetched> {
    const doc = await this.client.getJson(`${origin}${WELL_KNOWN_PATH}`);
    if (!doc.ok) {
      throw new PeerUnreachableError(origin, doc.why);
    }
    const verified = await verifyNodeDocument(doc.body, origin);
    if (!verified.ok) {
      throw new PeerDocumentInvalidError(origin, verified.problems);
    }
    const document = verified.document;
    const log = await this.client.getJson(`${origin}${KEY_LOG_PATH}`);
    if (!log.ok) {
      throw new PeerUnreachableError(origin, log.why);
    }
    const events = (log.body as { events?: unknown } | null)?.events;
    const verifiedLog = await verifyKeyLog(events, origin);
    if (!verifiedLog.ok) {
      throw new PeerDocumentInvalidError(origin, [
        `its key log does not verify${verifiedLog.seq === null ? '' : ` at seq ${verifiedLog.seq}`}: ${verifiedLog.reason}`,
      ]);
    }
    const state = verifiedLog.state;
    const problems: string[] = [];
    if (detachedKid(document.signature) !== state.currentKey.kid) {
      problems.push(
        `the node document is not signed by the current key of its key log (${state.currentKey.kid})`,
      );
    }
    for (const key of document.keys) {
      const named = state.keys.find((k) => k.jwk.kid === key.kid && k.jwk.x === key.x);
      if (!named || named.revokedSince !== null) {
        problems.push(`the node document lists key ${key.kid}, which its key log does not name as valid`);
      }
    }
    if (
      document.nextKeyDigest !== state.nextKeyDigest ||
      document.keyLog.fingerprint !== state.fingerprint ||
      document.keyLog.seq !== state.seq ||
      document.keyLog.head !== state.head
    ) {
      problems.push(
        'the node document and its key log disagree (a rotation while they were read?): try again',
      );
    }
    if (problems.length > 0) {
      throw new PeerDocumentInvalidError(origin, problems);
    }
    return { document, state };
  }

  private async locked(m: EntityManager, id: string): Promise<FederationPeer> {
    const peer = await this.repository.lock(m, id);
    if (!peer) {
      throw new PeerNotFoundError();
    }
    return peer;
  }

  /**
   * The peer's authorities in the directory: listed (remote) while it is pinned, unlisted otherwise. A peer
   * never confirmed has none there at all.
   */
  private async syncAuthorities(m: EntityManager, peer: FederationPeer, listed: boolean): Promise<void> {
    if (peer.confirmedAt === null) {
      return;
    }
    await this.authorities.syncRemoteAuthorities(m, peer.origin, peer.country, peer.authorities, listed);
  }

  private async record(
    m: EntityManager,
    peer: FederationPeer,
    action: PeerAction,
    fromStatus: PeerStatus | null,
    actor: { userId: string; name: string },
    occurredAt: Date,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.repository.appendEvent(m, peer.id, {
      action,
      fromStatus,
      toStatus: peer.status,
      actor,
      details,
      occurredAt,
    });
  }
}
