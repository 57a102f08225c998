import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PeerStatus } from './federation-peer.entity';

export const PEER_ACTIONS = ['add', 'refetch', 'confirm', 'suspend', 'resume', 'follow-rotation'] as const;
export type PeerAction = (typeof PEER_ACTIONS)[number];

/**
 * The audit trail of a peer: every change, by whom, hash-chained per peer (hash over the JCS form of the
 * other fields, prevHash the previous event's); append-only (migration Federation).
 */
@Entity('federation_peer_events')
@Index('uq_federation_peer_events_seq', ['peerId', 'seq'], { unique: true })
export class PeerEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'peer_id', type: 'uuid' })
  peerId!: string;

  /** 1, 2, ... per peer. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 16 })
  action!: PeerAction;

  @Column({ name: 'from_status', type: 'varchar', length: 24, nullable: true })
  fromStatus!: PeerStatus | null;

  @Column({ name: 'to_status', type: 'varchar', length: 24 })
  toStatus!: PeerStatus;

  @Column({ name: 'actor_user_id', type: 'uuid' })
  actorUserId!: string;

  @Column({ name: 'actor_name', type: 'varchar', length: 200 })
  actorName!: string;

  /** What the change was about: the fingerprint shown or confirmed, the key-log head, a reason. */
  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'prev_hash', type: 'char', length: 64, nullable: true })
  prevHash!: string | null;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
