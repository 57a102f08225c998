import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Alert } from './alerts.service';

export class AlertsQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: only open (unresolved) alerts; false: only resolved ones; absent: all',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'open must be true or false' })
  open?: string;
}

export class AlertResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    description:
      'What happened: DELIVERY_EXHAUSTED (retries used up, the envelope waits), BREAKER_OPEN, STREAM_GAP (a heartbeat shows envelopes missing), ...',
  })
  kind!: string;
  @ApiProperty({ type: String, nullable: true }) peerOrigin!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) requestId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The envelope (its row id)' })
  envelopeRowId!: string | null;
  @ApiProperty() message!: string;
  @ApiProperty({ format: 'date-time' }) raisedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The admin who resolved it' })
  resolvedBy!: string | null;
}

export function toAlertResponse(a: Alert): AlertResponse {
  return {
    id: a.id,
    kind: a.kind,
    peerOrigin: a.peerOrigin,
    requestId: a.requestId,
    envelopeRowId: a.envelopeRowId,
    message: a.message,
    raisedAt: a.raisedAt.toISOString(),
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    resolvedBy: a.resolvedBy,
  };
}
