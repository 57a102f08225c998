import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TimerState } from '@/workflows';

/** A legal clock of a request: when it is due, why (its legal basis), and what it is now. */
export class TimerResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'Preservation expiry' }) label!: string;
  @ApiProperty({ example: 'UNCC art. 42 (Budapest 29): at least 60 days' }) basis!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({
    enum: ['pending', 'fired', 'void'],
    description:
      'pending: it will act when due; fired: it acted; void: its occasion has passed (the request ended, an ' +
      'extension superseded it, the step it would take can no longer happen), read at once, before its due time',
  })
  status!: 'pending' | 'fired' | 'void';
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Why a void clock is void',
    example: 'an extension set a later expiry',
  })
  reason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'When its job ran' })
  settledAt!: string | null;
}

export function toTimerResponse({ entry: e, status, reason }: TimerState): TimerResponse {
  return {
    id: e.id,
    label: e.label ?? e.jobName,
    basis: e.basis ?? '',
    dueAt: e.runAt.toISOString(),
    status,
    reason,
    settledAt: e.processedAt ? e.processedAt.toISOString() : null,
  };
}
