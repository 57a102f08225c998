import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const PREPARATION_STATUSES = ['pending', 'confirmed', 'withdrawn'] as const;
export type PreparationStatus = (typeof PREPARATION_STATUSES)[number];

/**
 * A lifecycle action prepared by one user for a second user of the same authority to confirm (four eyes).
 * The transition happens once, when it is confirmed; its status changes with that transition (or with its
 * withdrawal) in the same transaction as the request's audit event.
 */
@Entity('action_preparations')
@Index('ix_action_preparations_authority_status', ['authorityId', 'status', 'preparedAt'])
@Index('ix_action_preparations_request', ['requestId', 'preparedAt'])
export class ActionPreparation {
  /** Chosen before the insert, so that the preparation's audit event names it. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  /** The authority both users act for. */
  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  /** The action's payload as validated at preparation; confirmed as is. */
  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** The role the confirmer needs, as the policy named it at preparation. */
  @Column({ name: 'confirmer_role', type: 'varchar', length: 16 })
  confirmerRole!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: PreparationStatus;

  @Column({ name: 'prepared_by_user_id', type: 'uuid' })
  preparedByUserId!: string;

  @Column({ name: 'prepared_at', type: 'timestamptz' })
  preparedAt!: Date;

  /** Who confirmed or withdrew it; null while pending. */
  @Column({ name: 'closed_by_user_id', type: 'uuid', nullable: true })
  closedByUserId!: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
