import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What a user read: the request itself, its history, an export, its events in a search page, a document's
 * metadata in the list (`documents`, one row per document) or a document's content (`document`, a download).
 */
export const ACCESS_VIEWS = ['request', 'history', 'export', 'events', 'documents', 'document'] as const;
export type AccessView = (typeof ACCESS_VIEWS)[number];

/**
 * Who read which request's content, and when. Kept apart from the requests' hash chains (a read changes
 * nothing), append-only like them. Auditors see the reads made by their own authority's users.
 */
@Entity('audit_access_log')
@Index('ix_access_log_authority_time', ['authorityId', 'accessedAt', 'id'])
@Index('ix_access_log_request_time', ['requestId', 'accessedAt'])
export class AccessLogEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** The reader's authority. */
  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @Column({ type: 'varchar', length: 16 })
  view!: AccessView;

  @Column({ name: 'accessed_at', type: 'timestamptz' })
  accessedAt!: Date;

  /** The document read (views `documents` and `document`), for the sender's use report. */
  @Column({ name: 'item_id', type: 'uuid', nullable: true })
  itemId!: string | null;

  /** The HTTP request id (X-Request-Id), to find the call in the logs. */
  @Column({ name: 'http_request_id', type: 'varchar', length: 64, nullable: true })
  httpRequestId!: string | null;
}
