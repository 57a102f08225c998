import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

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

  /** Loaded only for downloads. */
  @Column({ type: 'bytea', select: false })
  content!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
