import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last reference number issued per requesting country and year (VNM-2026-000042). */
@Entity('reference_counters')
export class ReferenceCounter {
  @PrimaryColumn({ type: 'char', length: 3 })
  country!: string;

  @PrimaryColumn({ type: 'int' })
  year!: number;

  @Column({ name: 'last_value', type: 'int' })
  lastValue!: number;
}
