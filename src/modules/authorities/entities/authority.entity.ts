import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuthorityKind } from '@/common/auth/authority-kind';

/**
 * An authority of the directory: hosted on this node (`nodeOrigin` null), or remote, i.e. hosted by a pinned
 * peer (federation) and known here from that peer's signed node document. A code is unique per node.
 */
@Entity('authorities')
@Index('uq_authorities_local_code', ['code'], { unique: true, where: '"node_origin" IS NULL' })
@Index('uq_authorities_remote_code', ['nodeOrigin', 'code'], {
  unique: true,
  where: '"node_origin" IS NOT NULL',
})
export class Authority {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable public code, e.g. VNM-MPS-CA. */
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 300 })
  name!: string;

  /** ISO 3166-1 alpha-3. */
  @Column({ type: 'char', length: 3 })
  country!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: AuthorityKind;

  /** ISO 639-1 codes of the languages in which this authority accepts requests. */
  @Column({ type: 'text', array: true })
  languages!: string[];

  /** The origin of the peer node hosting it; null for an authority of this node. */
  @Column({ name: 'node_origin', type: 'varchar', length: 300, nullable: true })
  nodeOrigin!: string | null;

  /**
   * Listed in the directory. Always true for local authorities; a remote one is listed while its node is
   * pinned and its node document still names it (requests already addressed to it keep resolving).
   */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
