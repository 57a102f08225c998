import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AuthorityKind } from '@/common/auth/authority-kind';

@Entity('authorities')
export class Authority {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable public code, e.g. VNM-MPS-CA. */
  @Column({ type: 'varchar', length: 64, unique: true })
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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
