import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export interface DeliveryAttempt {
  at: string;
  statusCode: number | null;
  error: string | null;
  ms: number;
}

/** One event for one subscription, with every attempt to deliver it. */
@Entity('webhook_deliveries')
@Index('ix_webhook_deliveries_subscription', ['subscriptionId', 'createdAt', 'id'])
export class WebhookDelivery {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ name: 'event_id', type: 'bigint' })
  eventId!: string;

  /** The exact JSON document POSTed (the same on every attempt). */
  @Column({ type: 'jsonb' })
  body!: Record<string, unknown>;

  /** pending, delivered, failed (attempts exhausted) or cancelled (subscription removed). */
  @Column({ type: 'varchar', length: 16 })
  status!: 'pending' | 'delivered' | 'failed' | 'cancelled';

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ name: 'attempt_log', type: 'jsonb' })
  attemptLog!: DeliveryAttempt[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
