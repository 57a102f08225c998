import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Per-State legal periods, as the requested State declared them (domestic law, treaty); null means the
 * engine's default. Numeric days so that a State can express hours.
 */
@Entity('state_settings')
export class StateSettings {
  /** ISO 3166-1 alpha-3. */
  @PrimaryColumn({ type: 'char', length: 3 })
  country!: string;

  @Column({ name: 'preservation_days', type: 'double precision', nullable: true })
  preservationDays!: number | null;

  @Column({ name: 'provisional_arrest_days', type: 'double precision', nullable: true })
  provisionalArrestDays!: number | null;

  /**
   * UNCC articles (7-21) of the offences for which the State's law allows interception of content data
   * (art. 46); null: none declared, interception is not available from this State.
   */
  @Column({ name: 'interception_offences', type: 'jsonb', nullable: true })
  interceptionOffences!: number[] | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
