import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One action of a channel that needs a second person, and the role of the one who confirms it. */
export interface FourEyesRule {
  channel: string;
  action: string;
  confirmerRole: 'officer' | 'approver';
}

/**
 * A State's four-eyes policy (node settings): the lifecycle actions that its authorities' users take only
 * as a preparation by one user confirmed by another of the same authority with the named role.
 */
@Entity('four_eyes_policies')
export class FourEyesPolicyRow {
  /** ISO 3166-1 alpha-3: the State of the acting authorities. */
  @PrimaryColumn({ type: 'char', length: 3 })
  country!: string;

  @Column({ type: 'jsonb' })
  rules!: FourEyesRule[];

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by_user_id', type: 'uuid', nullable: true })
  updatedByUserId!: string | null;
}
