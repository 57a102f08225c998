import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { KeyState } from '../key-log';
import type { NodeAuthority, NodeDocument } from '../node-document';

export const PEER_STATUSES = ['PENDING_CONFIRMATION', 'PINNED', 'SUSPENDED'] as const;
export type PeerStatus = (typeof PEER_STATUSES)[number];
export const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/** The envelopes of a peer's two streams, counted live. */
export interface PeerStreams {
  /** Envelopes to the peer not delivered yet. */
  pending: number;
  /** Highest streamSeq sent to the peer (written), and received from it. */
  lastSent: number;
  lastReceived: number;
}

/**
 * Another node, added by one admin and pinned only once a second admin confirmed its fingerprint. Nothing
 * of a peer is trusted before it is PINNED; suspending it deletes nothing.
 */
@Entity('federation_peers')
export class FederationPeer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The peer's origin (normalised), its id in the federation. */
  @Column({ type: 'varchar', length: 300, unique: true })
  origin!: string;

  /** ISO 3166-1 alpha-3 from its node document. */
  @Column({ type: 'char', length: 3 })
  country!: string;

  @Column({ type: 'varchar', length: 24 })
  status!: PeerStatus;

  /** Hex SHA-256 of the peer's key-log inception, as fetched: what the confirming admin must type. */
  @Column({ type: 'char', length: 64 })
  fingerprint!: string;

  /** The peer's key log verified from its inception when it was (last) fetched, before any confirmation. */
  @Column({ name: 'key_state', type: 'jsonb' })
  keyState!: KeyState;

  /** The key-log head this node trusts: set by the confirmation, moved on only by a valid continuation. */
  @Column({ name: 'pinned_head', type: 'jsonb', nullable: true })
  pinnedHead!: KeyState | null;

  /** The signed node document as received. */
  @Column({ type: 'jsonb' })
  document!: NodeDocument;

  /** The authorities it hosts, from that document. */
  @Column({ type: 'jsonb' })
  authorities!: NodeAuthority[];

  @Column({ name: 'added_by_user_id', type: 'uuid' })
  addedByUserId!: string;

  @Column({ name: 'added_by_name', type: 'varchar', length: 200 })
  addedByName!: string;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;

  @Column({ name: 'confirmed_by_user_id', type: 'uuid', nullable: true })
  confirmedByUserId!: string | null;

  @Column({ name: 'confirmed_by_name', type: 'varchar', length: 200, nullable: true })
  confirmedByName!: string | null;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  @Column({ name: 'suspended_by_user_id', type: 'uuid', nullable: true })
  suspendedByUserId!: string | null;

  @Column({ name: 'suspended_by_name', type: 'varchar', length: 200, nullable: true })
  suspendedByName!: string | null;

  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt!: Date | null;

  // Delivery health, written by the delivery (delivery/); queue_depth as of the last failure or recovery (the
  // peer list counts it live).
  @Column({ name: 'queue_depth', type: 'integer', default: 0 })
  queueDepth!: number;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ name: 'last_failure_at', type: 'timestamptz', nullable: true })
  lastFailureAt!: Date | null;

  @Column({ name: 'last_failure_reason', type: 'text', nullable: true })
  lastFailureReason!: string | null;

  /** Consecutive failed deliveries since the last success. */
  @Column({ type: 'integer', default: 0 })
  failures!: number;

  @Column({ name: 'breaker_state', type: 'varchar', length: 16, default: 'closed' })
  breakerState!: BreakerState;

  /** While open: no attempt before this time; then one probe (half-open) decides. */
  @Column({ name: 'breaker_open_until', type: 'timestamptz', nullable: true })
  breakerOpenUntil!: Date | null;

  /** While half-open: the probe in flight holds the peer until this time (another may probe after it). */
  @Column({ name: 'breaker_probe_until', type: 'timestamptz', nullable: true })
  breakerProbeUntil!: Date | null;

  @Column({ name: 'heartbeat_sent_at', type: 'timestamptz', nullable: true })
  heartbeatSentAt!: Date | null;

  @Column({ name: 'heartbeat_received_at', type: 'timestamptz', nullable: true })
  heartbeatReceivedAt!: Date | null;

  /** The body of the last heartbeat received from the peer (its view of both streams). */
  @Column({ name: 'last_heartbeat', type: 'jsonb', nullable: true })
  lastHeartbeat!: Record<string, unknown> | null;

  /** Live counts of the two streams, filled by PeersRepository.list and withStreams (not a column). */
  streams?: PeerStreams;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
