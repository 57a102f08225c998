import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { UseKind } from './consent.entity';

/** A use in other proceedings or an onward transfer, recorded under a granted consent. Append-only. */
@Entity('material_uses')
@Index('ix_material_uses_request', ['requestId', 'recordedAt'])
export class MaterialUse {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_material_uses' })
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ name: 'consent_id', type: 'uuid' })
  consentId!: string;

  @Column({ type: 'varchar', length: 24 })
  kind!: UseKind;

  @Column({ type: 'varchar', length: 300 })
  recipient!: string;

  @Column({ name: 'item_ids', type: 'uuid', array: true })
  itemIds!: string[];

  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
