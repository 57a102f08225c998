import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Follow-up work written in the same transaction as the transition that caused it. The relay hands it to
 * BullMQ after commit under `jobId`; the job marks the row processed in its own transaction. A row not
 * processed is re-offered to BullMQ until it is, so a crash or a flushed Redis loses nothing.
 */
@Entity('outbox')
@Index('ix_outbox_pending', ['runAt'], { where: 'processed_at IS NULL' })
@Index('ix_outbox_request', ['requestId', 'runAt'])
export class OutboxEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** The request the job acts on. */
  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  /** The request whose transition scheduled it (differs for effects on a followed-up request). */
  @Column({ name: 'source_request_id', type: 'uuid' })
  sourceRequestId!: string;

  /** `transition` (delivery, linked requests), `timer` (a legal clock), `webhook` or `envelope` (to a remote party). */
  @Column({ type: 'varchar', length: 16 })
  kind!: 'transition' | 'timer' | 'webhook' | 'envelope';

  /** For timers: what it is and its legal basis, shown to the parties. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  label!: string | null;

  @Column({ type: 'text', nullable: true })
  basis!: string | null;

  @Column({ type: 'varchar', length: 64 })
  queue!: string;

  @Column({ name: 'job_name', type: 'varchar', length: 64 })
  jobName!: string;

  /** Deterministic BullMQ job id: <requestId>_<seq>_<JobName> (BullMQ forbids ":"). */
  @Column({ name: 'job_id', type: 'varchar', length: 200, unique: true })
  jobId!: string;

  /** Audit seq (on the source request) of the transition that scheduled this work. */
  @Column({ name: 'transition_seq', type: 'int' })
  transitionSeq!: number;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'int' })
  priority!: number;

  @Column({ name: 'run_at', type: 'timestamptz' })
  runAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt!: Date | null;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt!: Date | null;

  /** What the job concluded: applied, skipped (its occasion passed), delivered, failed. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome!: string | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
