import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An authority's endpoint for event notifications; payloads are signed with `secret` (Standard Webhooks). */
@Entity('webhook_subscriptions')
@Index('ix_webhook_subscriptions_authority', ['authorityId'])
export class WebhookSubscription {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  description!: string | null;

  /**
   * `whsec_` + base64 of the HMAC key (base64url for secrets issued before Standard Webhooks signing; see
   * webhook-signature.ts). Kept in clear because signing needs it; shown to the authority once, at creation.
   */
  @Column({ type: 'varchar', length: 100 })
  secret!: string;

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  createdByUserId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;
}
