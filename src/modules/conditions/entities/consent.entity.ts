import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What a consent is asked for: use in other proceedings (UNTOC 18(19)) or onward transfer (art. 36(5)). */
export const USE_KINDS = ['other-proceedings', 'onward-transfer'] as const;
export type UseKind = (typeof USE_KINDS)[number];

export const CONSENT_STATUSES = ['pending', 'granted', 'refused'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/**
 * The receiver's request for the sending State's prior consent to use its documents beyond the named
 * proceedings, or to pass them on to a third State or an international organisation; and the answer.
 */
@Entity('request_consents')
@Index('ix_request_consents_request', ['requestId', 'requestedAt'])
export class RequestConsent {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_request_consents' })
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ type: 'varchar', length: 24 })
  kind!: UseKind;

  /** The other proceedings, or the third State / international organisation. */
  @Column({ type: 'varchar', length: 300 })
  recipient!: string;

  @Column({ type: 'varchar', length: 5000 })
  purpose!: string;

  @Column({ name: 'item_ids', type: 'uuid', array: true })
  itemIds!: string[];

  /** The authority whose documents these are: it answers. */
  @Column({ name: 'sender_authority_id', type: 'uuid' })
  senderAuthorityId!: string;

  @Column({ name: 'requested_by_authority_id', type: 'uuid' })
  requestedByAuthorityId!: string;

  @Column({ name: 'requested_by_user_id', type: 'uuid' })
  requestedByUserId!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  status!: ConsentStatus;

  @Column({ name: 'answered_by_user_id', type: 'uuid', nullable: true })
  answeredByUserId!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  /** The sending State's written authorisation (art. 36(5): it may require writing). */
  @Column({ name: 'written_ref', type: 'varchar', length: 300, nullable: true })
  writtenRef!: string | null;

  @Column({ name: 'answer_reasons', type: 'varchar', length: 5000, nullable: true })
  answerReasons!: string | null;
}
