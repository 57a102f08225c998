import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Condition types a sender may attach to its material (DOMAIN.md 5.2): conditions of execution (art. 40,
 * UNTOC 18(26)), confidentiality (UNTOC 18(20)), use limited to the named proceedings (speciality, UNTOC
 * 18(19)), data-protection conditions (art. 36(2)), onward transfer (art. 36(5)), retention, other.
 */
export const MATERIAL_CONDITION_TYPES = [
  'EXECUTION',
  'CONFIDENTIALITY',
  'USE_LIMIT',
  'DATA_PROTECTION',
  'ONWARD_TRANSFER',
  'RETENTION',
  'OTHER',
] as const;
export type MaterialConditionType = (typeof MATERIAL_CONDITION_TYPES)[number];

/**
 * A condition the sending authority attached to a request and to the documents it governs (all of the
 * sender's documents on the request when `itemIds` is empty, those added later included). The receiving
 * side cannot download a governed document until the condition is accepted (who, when).
 */
@Entity('request_conditions')
@Index('ix_request_conditions_request', ['requestId', 'createdAt'])
export class RequestCondition {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_request_conditions' })
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  /** The sending authority (whose material it governs). */
  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  createdByUserId!: string;

  @Column({ type: 'varchar', length: 24 })
  type!: MaterialConditionType;

  @Column({ type: 'varchar', length: 5000 })
  text!: string;

  /** USE_LIMIT: the proceedings the material may be used in (the request's named proceedings). */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  proceedings!: string | null;

  /** RETENTION: keep for this many days after receipt (machine-readable, for deletion). */
  @Column({ name: 'retention_days', type: 'int', nullable: true })
  retentionDays!: number | null;

  /** RETENTION: keep until this date (YYYY-MM-DD). */
  @Column({ name: 'retention_until', type: 'date', nullable: true })
  retentionUntil!: string | null;

  /** The documents governed; empty: every document of the sender on the request. */
  @Column({ name: 'item_ids', type: 'uuid', array: true, default: () => "'{}'" })
  itemIds!: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @Column({ name: 'accepted_by_user_id', type: 'uuid', nullable: true })
  acceptedByUserId!: string | null;

  @Column({ name: 'accepted_by_authority_id', type: 'uuid', nullable: true })
  acceptedByAuthorityId!: string | null;
}
