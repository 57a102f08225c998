import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { FederationPeer, type PeerStatus } from './entities/federation-peer.entity';
import { type PeerAction, PeerEvent } from './entities/peer-event.entity';
import { jcs } from './jcs';

export interface PeerChange {
  action: PeerAction;
  fromStatus: PeerStatus | null;
  toStatus: PeerStatus;
  actor: { userId: string; name: string };
  details: Record<string, unknown>;
  occurredAt: Date;
}

/** The hash of a peer event: SHA-256 (hex) of the JCS form of its fields, chained through prevHash. */
export function peerEventHash(e: Omit<PeerEvent, 'id' | 'hash'>): string {
  return createHash('sha256')
    .update(
      jcs({
        peerId: e.peerId,
        seq: e.seq,
        action: e.action,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        actor: { userId: e.actorUserId, name: e.actorName },
        details: e.details,
        occurredAt: e.occurredAt.toISOString(),
        prevHash: e.prevHash,
      }),
      'utf8',
    )
    .digest('hex');
}

@Injectable()
export class PeersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  list(): Promise<FederationPeer[]> {
    return this.dataSource.getRepository(FederationPeer).find({ order: { addedAt: 'ASC', origin: 'ASC' } });
  }

  /** Every peer with the live counts of its two streams (queue depth, last streamSeq sent and received). */
  async listWithStreams(): Promise<FederationPeer[]> {
    return this.withStreams(await this.list());
  }

  /** Fills `streams` of each peer from the envelopes table (one query). */
  async withStreams(peers: FederationPeer[]): Promise<FederationPeer[]> {
    if (peers.length === 0) {
      return peers;
    }
    const rows: { peer_origin: string; pending: string; last_sent: number; last_received: number }[] =
      await this.dataSource.query(
        `SELECT peer_origin,
                count(*) FILTER (WHERE direction = 'out' AND status = 'pending') AS pending,
                coalesce(max(stream_seq) FILTER (WHERE direction = 'out'), 0) AS last_sent,
                coalesce(max(stream_seq) FILTER (WHERE direction = 'in'), 0) AS last_received
           FROM federation_envelopes WHERE peer_origin = ANY($1) GROUP BY peer_origin`,
        [peers.map((p) => p.origin)],
      );
    const byOrigin = new Map(rows.map((r) => [r.peer_origin, r]));
    for (const p of peers) {
      const r = byOrigin.get(p.origin);
      p.streams = {
        pending: Number(r?.pending ?? 0),
        lastSent: Number(r?.last_sent ?? 0),
        lastReceived: Number(r?.last_received ?? 0),
      };
      p.queueDepth = p.streams.pending;
    }
    return peers;
  }

  /** Stores the peer's count of envelopes waiting (shown when the live counts are not read). */
  async refreshQueueDepth(origin: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE federation_peers SET queue_depth = (SELECT count(*) FROM federation_envelopes
          WHERE direction = 'out' AND status = 'pending' AND peer_origin = $1) WHERE origin = $1`,
      [origin],
    );
  }

  findByOrigin(origin: string): Promise<FederationPeer | null> {
    return this.dataSource.getRepository(FederationPeer).findOne({ where: { origin } });
  }

  /** The peer, row-locked until the end of the caller's transaction; null when there is none. */
  lock(m: EntityManager, id: string): Promise<FederationPeer | null> {
    return m.getRepository(FederationPeer).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(m: EntityManager, peer: FederationPeer): Promise<FederationPeer> {
    return m.getRepository(FederationPeer).save(peer);
  }

  create(m: EntityManager, fields: Partial<FederationPeer>): FederationPeer {
    return m.getRepository(FederationPeer).create(fields);
  }

  /** Appends the next event of the peer's trail (the peer row is locked or new in this transaction). */
  async appendEvent(m: EntityManager, peerId: string, change: PeerChange): Promise<PeerEvent> {
    const repo = m.getRepository(PeerEvent);
    const [last] = await repo.find({ where: { peerId }, order: { seq: 'DESC' }, take: 1 });
    const fields = {
      peerId,
      seq: (last?.seq ?? 0) + 1,
      action: change.action,
      fromStatus: change.fromStatus,
      toStatus: change.toStatus,
      actorUserId: change.actor.userId,
      actorName: change.actor.name,
      details: change.details,
      occurredAt: change.occurredAt,
      prevHash: last?.hash ?? null,
    };
    return repo.save(repo.create({ ...fields, hash: peerEventHash(fields) }));
  }

  events(peerId: string): Promise<PeerEvent[]> {
    return this.dataSource.getRepository(PeerEvent).find({ where: { peerId }, order: { seq: 'ASC' } });
  }
}
