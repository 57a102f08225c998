import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditEvent } from '@/workflows';

export class EventActorResponse {
  @ApiProperty({ enum: ['user', 'system'] }) type!: 'user' | 'system';
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) userId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) name!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) authorityId!: string | null;
}

export class EventReceiptResponse {
  @ApiProperty({ enum: ['DELIVERY', 'PROCESSED', 'REJECTED', 'TIMEOUT'] }) kind!: string;
  @ApiProperty() result!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) code!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) signerKid!: string | null;
}

export class EventEnvelopeResponse {
  @ApiProperty({ enum: ['sent', 'received'] }) direction!: 'sent' | 'received';
  @ApiProperty({ description: "the other node's origin" }) peer!: string;
  @ApiProperty({ format: 'uuid' }) envelopeId!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: [EventReceiptResponse] }) receipts!: EventReceiptResponse[];
}

export class AuditEventResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() action!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) fromStatus!: string | null;
  @ApiProperty() toStatus!: string;
  @ApiProperty({ type: EventActorResponse }) actor!: EventActorResponse;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: String }) prevHash!: string | null;
  @ApiProperty() hash!: string;
  @ApiPropertyOptional({
    type: [EventEnvelopeResponse],
    description: 'On a request across nodes: the envelopes that carried this event, with their receipts',
  })
  envelopes?: EventEnvelopeResponse[];
}

export class AuditEventPageResponse {
  @ApiProperty({ type: [AuditEventResponse] }) items!: AuditEventResponse[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

export class BrokenAtResponse {
  @ApiProperty() seq!: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'null when events are missing at the end',
  })
  eventId!: string | null;
  @ApiProperty() reason!: string;
}

export class ChainVerificationResponse {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty() valid!: boolean;
  @ApiProperty({ description: 'Number of events checked' }) events!: number;
  @ApiPropertyOptional({ type: BrokenAtResponse }) brokenAt?: BrokenAtResponse;
}

export function toAuditEventResponse(e: AuditEvent, names: Map<string, string>): AuditEventResponse {
  return {
    id: e.id,
    requestId: e.requestId,
    seq: e.seq,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actor: {
      type: e.actorType,
      userId: e.actorUserId,
      name: e.actorUserId ? (names.get(e.actorUserId) ?? null) : 'engine',
      authorityId: e.actorAuthorityId,
    },
    occurredAt: e.occurredAt.toISOString(),
    payload: e.payload,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}
