import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A signed checkpoint: the RFC 6962 Merkle root over the hashes of the events with ids in
 * (previous checkpoint's lastEventId, lastEventId], in id order. Checkpoints chain through `prevHash`
 * (the previous checkpoint's `hash`), and each is signed with the node's Ed25519 key. Append-only.
 */
@Entity('audit_checkpoints')
// Which checkpoint holds an event: the first whose last event id reaches it.
@Index('ix_audit_checkpoints_last_event', ['lastEventId'])
export class AuditCheckpoint {
  /** 1-based, gap-free. */
  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ name: 'first_event_id', type: 'bigint' })
  firstEventId!: string;

  @Column({ name: 'last_event_id', type: 'bigint' })
  lastEventId!: string;

  /** Number of leaves (events) under the root. */
  @Column({ name: 'tree_size', type: 'int' })
  treeSize!: number;

  @Column({ name: 'root_hash', type: 'char', length: 64 })
  rootHash!: string;

  @Column({ name: 'prev_hash', type: 'char', length: 64, nullable: true })
  prevHash!: string | null;

  /** SHA-256 of the signed statement (canonical JSON of the fields above and the key id). */
  @Column({ type: 'char', length: 64 })
  hash!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** SHA-256 of the signing public key (DER SubjectPublicKeyInfo). */
  @Column({ name: 'key_id', type: 'char', length: 64 })
  keyId!: string;

  /** Ed25519 signature of the statement, base64. */
  @Column({ type: 'varchar', length: 128 })
  signature!: string;

  /**
   * The roots of the tree's consecutive 256-leaf chunks (32 bytes each), not signed: derived from the
   * events, they make an inclusion proof cost one chunk instead of the whole tree. A wrong one only
   * yields proofs that fail against the signed root; the whole-log verification checks them too.
   */
  @Column({ name: 'chunk_roots', type: 'bytea', nullable: true })
  chunkRoots!: Buffer | null;
}
