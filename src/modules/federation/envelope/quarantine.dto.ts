import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { QuarantineRow } from './quarantine.service';

export class QuarantineQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: only open quarantines; false: only lifted ones; absent: all',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'open must be true or false' })
  open?: string;
}

export class LiftQuarantineDto {
  @ApiProperty({
    maxLength: 2000,
    description: 'What the operators of both nodes found and did (kept with the quarantine)',
  })
  @IsString()
  @IsNotEmpty({ message: 'reason must say what the operators found and did' })
  @MaxLength(2000)
  reason!: string;
}

export class QuarantineResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ description: 'The node whose history differs' }) peer!: string;
  @ApiProperty({ description: 'The position at which the two histories differ' }) seq!: number;
  @ApiProperty({ type: String, nullable: true }) ourHash!: string | null;
  @ApiProperty({ type: String, nullable: true }) theirHash!: string | null;
  @ApiProperty({ enum: ['detected', 'peer'], description: 'found here, or told by the peer (DIVERGED)' })
  source!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) liftedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) liftedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) liftReason!: string | null;
}

export function toQuarantineResponse(q: QuarantineRow): QuarantineResponse {
  return {
    id: q.id,
    requestId: q.requestId,
    peer: q.peerOrigin,
    seq: q.seq,
    ourHash: q.ourHash,
    theirHash: q.theirHash,
    source: q.source,
    reason: q.reason,
    since: q.since.toISOString(),
    liftedAt: q.lifted?.at.toISOString() ?? null,
    liftedBy: q.lifted?.by ?? null,
    liftReason: q.lifted?.reason ?? null,
  };
}
