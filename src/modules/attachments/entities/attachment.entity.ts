import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DeletionCertificate } from '../retention.rules';

/** A document of a request's file (warrant, judgment, translation, evidence), kept with its SHA-256. */
@Entity('attachments')
@Index('ix_attachments_request', ['requestId', 'createdAt'])
export class Attachment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  /** The authority (side) that added it. */
  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @Column({ name: 'uploaded_by_user_id', type: 'uuid' })
  uploadedByUserId!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'varchar', length: 255 })
  filename!: string;

  @Column({ name: 'media_type', type: 'varchar', length: 255 })
  mediaType!: string;

  @Column({ type: 'int' })
  size!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description!: string | null;

  /** ISO 639-1 language the document is written in; null: not stated. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  language!: string | null;

  /** For a translation: who certified it (the sworn translator or authority); null: not certified. */
  @Column({ name: 'certified_by', type: 'varchar', length: 300, nullable: true })
  certifiedBy!: string | null;

  /** The date of the certification. */
  @Column({ name: 'certified_at', type: 'date', nullable: true })
  certifiedAt!: string | null;

  /** Loaded only for downloads; null once deleted (retention). */
  @Column({ type: 'bytea', select: false, nullable: true })
  content!: Buffer | null;

  /** The last retention review: keep (until keepUntil) or delete. */
  @Column({ name: 'review_decision', type: 'varchar', length: 8, nullable: true })
  reviewDecision!: 'keep' | 'delete' | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ name: 'reviewed_by_user_id', type: 'uuid', nullable: true })
  reviewedByUserId!: string | null;

  /** A review's decision to keep until this date (YYYY-MM-DD), within the retention limit. */
  @Column({ name: 'keep_until', type: 'date', nullable: true })
  keepUntil!: string | null;

  /** Deletion (retention): the content is gone, the metadata and SHA-256 stay. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'deleted_by_user_id', type: 'uuid', nullable: true })
  deletedByUserId!: string | null;

  @Column({ name: 'deletion_reason', type: 'varchar', length: 2000, nullable: true })
  deletionReason!: string | null;

  /** The deletion certificate, as recorded in the delete-document event. */
  @Column({ name: 'deletion_certificate', type: 'jsonb', nullable: true })
  deletionCertificate!: DeletionCertificate | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
