import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One append-only entry in a request's history. `hash` is SHA-256 over the canonical form of the
 * event including `prevHash`, the hash of the previous event of the same request: a hash chain.
 */
@Entity('audit_events')
@Unique('uq_audit_events_request_seq', ['requestId', 'seq'])
@Index('ix_audit_events_authority_time', ['actorAuthorityId', 'occurredAt'])
// Search (newest first, keyset on occurred_at then id): one index per selective filter.
@Index('ix_audit_events_time_id', ['occurredAt', 'id'])
@Index('ix_audit_events_action_time', ['action', 'occurredAt', 'id'])
@Index('ix_audit_events_status_time', ['toStatus', 'occurredAt', 'id'])
@Index('ix_audit_events_actor_time', ['actorUserId', 'occurredAt', 'id'])
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  /** 1-based position in this request's chain. */
  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'from_status', type: 'varchar', length: 64, nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 64 })
  toStatus!: string;

  @Column({ name: 'actor_type', type: 'varchar', length: 10 })
  actorType!: 'user' | 'system';

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ name: 'actor_authority_id', type: 'uuid', nullable: true })
  actorAuthorityId!: string | null;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'prev_hash', type: 'char', length: 64, nullable: true })
  prevHash!: string | null;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
