import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCESS_VIEWS, type AccessLogEntry } from '../entities/access-log-entry.entity';
import type { AuditCheckpoint } from '../entities/audit-checkpoint.entity';

export class PublicKeyResponse {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: 'Ed25519';
  @ApiProperty({ description: 'SHA-256 (hex) of the DER SubjectPublicKeyInfo: the key fingerprint' })
  keyId!: string;
  @ApiProperty({ description: 'PEM SubjectPublicKeyInfo' }) pem!: string;
}

export class CheckpointResponse {
  @ApiProperty() seq!: number;
  @ApiProperty({ description: 'First event id under the root' }) firstEventId!: string;
  @ApiProperty({ description: 'Last event id under the root' }) lastEventId!: string;
  @ApiProperty({ description: 'Number of events (leaves)' }) treeSize!: number;
  @ApiProperty({ description: 'RFC 6962 Merkle root (hex) over the event hashes in id order' })
  rootHash!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'hash of the previous checkpoint' })
  prevHash!: string | null;
  @ApiProperty({ description: 'SHA-256 (hex) of the signed statement' }) hash!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty({ description: 'Ed25519 signature (base64) of the statement' }) signature!: string;
  @ApiProperty({
    description: 'The exact text that was signed (canonical JSON), for verification by hand',
  })
  statement!: string;
}

export class CheckpointPageResponse {
  @ApiProperty({ type: PublicKeyResponse }) publicKey!: PublicKeyResponse;
  @ApiProperty({ type: [CheckpointResponse], description: 'Newest first' }) items!: CheckpointResponse[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CheckpointRunResponse {
  @ApiProperty({ type: [CheckpointResponse], description: 'Checkpoints taken now (none if no new events)' })
  created!: CheckpointResponse[];
  @ApiPropertyOptional({ type: CheckpointResponse, nullable: true }) latest!: CheckpointResponse | null;
}

export class LogBreakResponse {
  @ApiPropertyOptional({ nullable: true, type: String }) eventId!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: "null when the request is not one of the caller's authority",
  })
  requestId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) seq!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) checkpointSeq!: number | null;
  @ApiProperty() reason!: string;
}

export class LogVerificationResponse {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ description: 'Events checked' }) events!: number;
  @ApiProperty({ description: 'Request chains checked' }) requests!: number;
  @ApiProperty({ description: 'Checkpoints checked (link, signature, root)' }) checkpoints!: number;
  @ApiProperty({ description: 'Events after the last checkpoint (checked by their chain only)' })
  uncheckpointedEvents!: number;
  @ApiProperty({ description: 'Broken chains and checkpoints' }) problems!: number;
  @ApiProperty({ description: 'The key checkpoints must be signed with' }) keyId!: string;
  @ApiPropertyOptional({ type: LogBreakResponse }) brokenAt?: LogBreakResponse;
}

export class ExportBundleResponse {
  @ApiProperty({ example: 'cooperation-engine/audit-export' }) format!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) request!: Record<string, unknown>;
  @ApiProperty({ enum: ['requesting', 'requested'] }) side!: string;
  @ApiProperty({ type: PublicKeyResponse }) publicKey!: PublicKeyResponse;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      "Oldest first; the requester's drafting is redacted (links and hash only) for the counterpart",
  })
  events!: object[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) checkpoints!: object[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: '{ eventId, checkpointSeq, leafIndex, path[] } per event (RFC 6962 audit paths)',
  })
  proofs!: object[];
  @ApiProperty({ description: 'Ed25519 signature (base64) of the canonical JSON of every other field' })
  signature!: string;
}

export class AccessLogEntryResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) userName!: string | null;
  @ApiProperty({ enum: ACCESS_VIEWS }) view!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The document read (views documents and document)',
  })
  itemId!: string | null;
  @ApiProperty({ format: 'date-time' }) accessedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) httpRequestId!: string | null;
}

export class AccessLogPageResponse {
  @ApiProperty({ type: [AccessLogEntryResponse] }) items!: AccessLogEntryResponse[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

export class DurationsResponse {
  @ApiProperty({ description: 'Requests that reached this point' }) n!: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) medianSeconds!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) p90Seconds!: number | null;
}

export class StatsCounterpartResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) code!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) name!: string | null;
}

export class StatsRowResponse {
  @ApiProperty({ enum: ['outgoing', 'incoming'] }) direction!: 'outgoing' | 'incoming';
  @ApiProperty() channel!: string;
  @ApiPropertyOptional({
    type: StatsCounterpartResponse,
    nullable: true,
    description: 'null: every counterpart of the channel together',
  })
  counterpart!: StatsCounterpartResponse | null;
  @ApiProperty() requests!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) byStatus!: Record<
    string,
    number
  >;
  @ApiProperty({ type: DurationsResponse }) submissionToReceipt!: DurationsResponse;
  @ApiProperty({ type: DurationsResponse }) submissionToDecision!: DurationsResponse;
  @ApiProperty({ type: DurationsResponse }) submissionToExecution!: DurationsResponse;
  @ApiProperty({ description: 'Submitted requests with a suggested deadline' }) withDeadline!: number;
  @ApiProperty({ description: 'Of those, still without an outcome when the deadline passed' })
  passedDeadline!: number;
}

export class StatsResponse {
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: [StatsRowResponse] }) rows!: StatsRowResponse[];
}

export function toCheckpointResponse(c: AuditCheckpoint, statement: string): CheckpointResponse {
  return {
    seq: c.seq,
    firstEventId: c.firstEventId,
    lastEventId: c.lastEventId,
    treeSize: c.treeSize,
    rootHash: c.rootHash,
    prevHash: c.prevHash,
    hash: c.hash,
    createdAt: c.createdAt.toISOString(),
    keyId: c.keyId,
    signature: c.signature,
    statement,
  };
}

export function toAccessLogEntryResponse(
  a: AccessLogEntry,
  names: Map<string, string>,
): AccessLogEntryResponse {
  return {
    id: a.id,
    requestId: a.requestId,
    userId: a.userId,
    userName: names.get(a.userId) ?? null,
    view: a.view,
    itemId: a.itemId,
    accessedAt: a.accessedAt.toISOString(),
    httpRequestId: a.httpRequestId,
  };
}
