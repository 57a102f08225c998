import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TimerReasonCode, TimerState } from '@/workflows';

/** What a timer's reason names. */
export class TimerReasonParams {
  @ApiPropertyOptional({ example: 'CLOSED' }) status?: string;
  @ApiPropertyOptional({ example: 'expire' }) action?: string;
}

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
  @ApiPropertyOptional({
    nullable: true,
    enum: ['applied-elsewhere', 'occasion-passed', 'request-ended', 'superseded', 'cannot-happen'],
    description:
      'The reason as a code, for clients that say it in their own language: applied-elsewhere (fired here, ' +
      'applied by the node that sequences the status), occasion-passed, request-ended (reasonParams.status), ' +
      'superseded, cannot-happen (reasonParams.action can no longer happen in reasonParams.status)',
  })
  reasonCode!: TimerReasonCode | null;
  @ApiProperty({ type: TimerReasonParams }) reasonParams!: TimerReasonParams;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'When its job ran' })
  settledAt!: string | null;
}

export function toTimerResponse({
  entry: e,
  status,
  reason,
  reasonCode,
  reasonParams,
}: TimerState): TimerResponse {
  return {
    id: e.id,
    label: e.label ?? e.jobName,
    basis: e.basis ?? '',
    dueAt: e.runAt.toISOString(),
    status,
    reason,
    reasonCode,
    reasonParams,
    settledAt: e.processedAt ? e.processedAt.toISOString() : null,
  };
}
