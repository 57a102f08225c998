import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Follow-up work written in the same transaction as the transition that caused it. The relay hands it to
 * BullMQ after commit under `jobId`; the job marks the row processed in its own transaction. A row not
 * processed is re-offered to BullMQ until it is, so a crash or a flushed Redis loses nothing.
 */
@Entity('outbox')
@Index('ix_outbox_pending', ['runAt'], { where: 'processed_at IS NULL' })
export class OutboxEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ type: 'varchar', length: 64 })
  queue!: string;

  @Column({ name: 'job_name', type: 'varchar', length: 64 })
  jobName!: string;

  /** Deterministic BullMQ job id: <requestId>_<seq>_<JobName> (BullMQ forbids ":"). */
  @Column({ name: 'job_id', type: 'varchar', length: 200, unique: true })
  jobId!: string;

  /** Audit seq of the transition that scheduled this work; the job is void once the request moved on. */
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

  /** What the job concluded: applied, skipped (request moved on), failed. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome!: string | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
