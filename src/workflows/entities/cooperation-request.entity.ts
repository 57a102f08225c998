import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseData, Offence, PersonConcerned } from '../request-fields';

/**
 * The case file of one cooperation request, whatever its channel. Common fields follow DOMAIN.md 2 and 7;
 * `details` holds the channel's own payload and `caseData` what the lifecycle added (questions, conditions,
 * decisions, results).
 */
@Entity('cooperation_requests')
@Index('ix_requests_outgoing', ['requestingAuthorityId', 'createdAt', 'id'])
@Index('ix_requests_incoming', ['requestedAuthorityId', 'createdAt', 'id'])
@Index('ix_requests_follows_up', ['followsUpRequestId'])
export class CooperationRequest {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Human-readable reference, e.g. VNM-2026-000042. */
  @Column({ type: 'varchar', length: 32, unique: true })
  reference!: string;

  @Column({ type: 'varchar', length: 32 })
  channel!: string;

  @Column({ type: 'varchar', length: 64 })
  status!: string;

  /** Incremented by every change; exposed as the ETag and checked against If-Match. */
  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'requesting_authority_id', type: 'uuid' })
  requestingAuthorityId!: string;

  @Column({ name: 'requested_authority_id', type: 'uuid' })
  requestedAuthorityId!: string;

  /**
   * Further parties on the requested side, beyond requestedAuthorityId, for a channel with more than two
   * parties (a joint investigation team, art. 48); empty for every two-party channel. Each acts for its
   * own party: the channel's rows record who did what per party in caseData.
   */
  // GIN (jsonb_path_ops), made by its migration: TypeORM cannot declare the operator class.
  @Index('ix_requests_additional_parties', { synchronize: false })
  @Column({ name: 'additional_party_ids', type: 'jsonb', default: () => "'[]'" })
  additionalPartyIds!: string[];

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  createdByUserId!: string;

  @Column({ type: 'varchar', length: 16 })
  urgency!: string;

  @Column({ type: 'varchar', length: 2, nullable: true })
  language!: string | null;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  @Column({ name: 'proceeding_type', type: 'varchar', length: 32, nullable: true })
  proceedingType!: string | null;

  @Column({ type: 'jsonb' })
  offences!: Offence[];

  @Column({ name: 'facts_summary', type: 'text', nullable: true })
  factsSummary!: string | null;

  @Column({ name: 'assistance_sought', type: 'text', nullable: true })
  assistanceSought!: string | null;

  @Column({ type: 'text', nullable: true })
  purpose!: string | null;

  @Column({ name: 'persons_concerned', type: 'jsonb' })
  personsConcerned!: PersonConcerned[];

  @Column({ type: 'boolean' })
  confidential!: boolean;

  @Column({ name: 'suggested_deadline', type: 'timestamptz', nullable: true })
  suggestedDeadline!: Date | null;

  @Column({ name: 'deadline_reason', type: 'text', nullable: true })
  deadlineReason!: string | null;

  @Column({ name: 'follows_up_request_id', type: 'uuid', nullable: true })
  followsUpRequestId!: string | null;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;

  @Column({ name: 'case_data', type: 'jsonb' })
  caseData!: CaseData;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  /** Set when the delivery job put the request in the counterpart's inbox; before that they cannot see it. */
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
