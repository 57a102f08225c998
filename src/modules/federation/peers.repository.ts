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
