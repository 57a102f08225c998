import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const DECLARATION_SOURCES = ['declarations', 'settings', 'import'] as const;
export type DeclarationSource = (typeof DECLARATION_SOURCES)[number];

/**
 * One version of a State's declarations and notifications under the Convention (the whole record as
 * written), with who wrote it, when and how. Versions are never overwritten: a change writes the next one.
 * The rows are the register's audit trail: hash-chained per State (hash over the JCS form of the other
 * fields, prevHash the previous version's) and append-only (migration StateDeclarations).
 */
@Entity('state_declaration_versions')
@Index('uq_state_declaration_versions', ['country', 'version'], { unique: true })
export class StateDeclarationVersion {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  /** ISO 3166-1 alpha-3. */
  @Column({ type: 'char', length: 3 })
  country!: string;

  /** 1, 2, ... per State. */
  @Column({ type: 'integer' })
  version!: number;

  /** The declarations as written; a field absent is not declared. */
  @Column({ type: 'jsonb' })
  record!: Record<string, unknown>;

  /** The route that wrote it: PUT declarations, PUT settings, or an import. */
  @Column({ type: 'varchar', length: 16 })
  source!: DeclarationSource;

  /** What the writer said about it (an import's origin, a note). */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  note!: string | null;

  @Column({ name: 'written_by_user_id', type: 'uuid' })
  writtenByUserId!: string;

  @Column({ name: 'written_by_name', type: 'varchar', length: 200 })
  writtenByName!: string;

  @Column({ name: 'written_at', type: 'timestamptz' })
  writtenAt!: Date;

  @Column({ name: 'prev_hash', type: 'char', length: 64, nullable: true })
  prevHash!: string | null;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
