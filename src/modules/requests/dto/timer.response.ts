import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OutboxEntry } from '@/workflows';

/** A legal clock of a request: when it is due, why (its legal basis), and what became of it. */
export class TimerResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'Preservation expiry' }) label!: string;
  @ApiProperty({ example: 'UNCC art. 42 (Budapest 29): at least 60 days' }) basis!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({
    enum: ['pending', 'fired', 'void'],
    description: 'void: its occasion passed (e.g. extended)',
  })
  status!: 'pending' | 'fired' | 'void';
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) settledAt!: string | null;
}

export function toTimerResponse(e: OutboxEntry): TimerResponse {
  return {
    id: e.id,
    label: e.label ?? e.jobName,
    basis: e.basis ?? '',
    dueAt: e.runAt.toISOString(),
    status: !e.processedAt ? 'pending' : e.outcome === 'applied' ? 'fired' : 'void',
    settledAt: e.processedAt ? e.processedAt.toISOString() : null,
  };
}
