import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { KeyEvent, KeyEventType } from '../key-log';

/** One event of this node's key log (key-log.ts), kept verbatim; append-only (migration Federation). */
@Entity('federation_key_log')
export class KeyLogEntry {
  /** Position in the log, from 0 (the inception); two processes appending the same position: one wins. */
  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  /** base64url SHA-256 of the event's JCS form without its signatures. */
  @Column({ type: 'char', length: 43, unique: true })
  digest!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: KeyEventType;

  /** The signed event as served at /federation/v1/key-log. */
  @Column({ type: 'jsonb' })
  event!: KeyEvent;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
