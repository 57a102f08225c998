import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const REVIEW_DECISIONS = ['keep', 'delete'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const DUE_KINDS = ['review', 'deletion'] as const;
export type DueKind = (typeof DUE_KINDS)[number];

/** The receiving side's review of a received document: keep it until a date within the limit, or delete it. */
export class ReviewDocumentDto {
  @ApiProperty({ enum: REVIEW_DECISIONS })
  @IsIn(REVIEW_DECISIONS)
  decision!: ReviewDecision;

  @ApiPropertyOptional({
    format: 'date',
    description: 'keep: the new date (after today, not after the retention limit); delete: absent',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'keepUntil must be a date (YYYY-MM-DD)' })
  keepUntil?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class DeleteDocumentDto {
  @ApiProperty({ maxLength: 2000, description: 'Why the material is deleted (it enters the certificate)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class RetentionDueQuery {
  @ApiProperty({ enum: DUE_KINDS, description: 'review: reviewAt reached; deletion: retentionUntil reached' })
  @IsIn(DUE_KINDS)
  due!: DueKind;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class RetentionSourceResponse {
  @ApiProperty({ enum: ['condition', 'declaration'] }) kind!: 'condition' | 'declaration';
  @ApiPropertyOptional({ format: 'uuid', description: "condition: the sender's RETENTION condition" })
  conditionId?: string;
  @ApiPropertyOptional({ description: 'declaration: the receiving State' }) country?: string;
  @ApiPropertyOptional({ description: 'declaration: its declared days after receipt' })
  retentionDays?: number;
}

export class RetentionDueItem {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ format: 'uuid' }) attachmentId!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty({ format: 'uuid', description: 'The authority that sent it' }) senderAuthorityId!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'date' }) retentionUntil!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) reviewAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date', description: 'The legal limit' })
  limit!: string | null;
  @ApiPropertyOptional({ nullable: true, type: RetentionSourceResponse })
  governedBy!: RetentionSourceResponse | null;
  @ApiPropertyOptional({ nullable: true, enum: REVIEW_DECISIONS }) reviewDecision!: ReviewDecision | null;
}

export class RetentionDueResponse {
  @ApiProperty({ enum: DUE_KINDS }) due!: DueKind;
  @ApiProperty({ format: 'date', description: 'The day the list is computed for (UTC)' }) asOf!: string;
  @ApiProperty({ type: [RetentionDueItem] }) items!: RetentionDueItem[];
  @ApiProperty({ description: 'More items are due than the limit returned' }) truncated!: boolean;
}

export class DeletionCertificateResponse {
  @ApiProperty({ enum: ['uncc-deletion-certificate'] }) format!: 'uncc-deletion-certificate';
  @ApiProperty({ enum: [1] }) version!: 1;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ format: 'uuid' }) attachmentId!: string;
  @ApiProperty() filename!: string;
  @ApiProperty({ description: 'SHA-256 of the deleted content' }) sha256!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ format: 'uuid' }) senderAuthorityId!: string;
  @ApiProperty({ format: 'date-time' }) deletedAt!: string;
  @ApiProperty({ format: 'uuid' }) deletedByUserId!: string;
  @ApiProperty({ format: 'uuid' }) deletedByAuthorityId!: string;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) retentionUntil!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) limit!: string | null;
  @ApiPropertyOptional({ nullable: true, type: RetentionSourceResponse })
  governedBy!: RetentionSourceResponse | null;
  @ApiProperty({
    description: 'SHA-256 of the canonical JSON of the certificate without this field and signature',
  })
  certificateSha256!: string;
  @ApiProperty({
    description: "The node's Ed25519 audit signature (base64) of that same canonical JSON, and its key id",
    example: { alg: 'Ed25519', keyId: 'k1', value: 'base64' },
  })
  signature!: { alg: 'Ed25519'; keyId: string; value: string };
}

export class ReviewResponse {
  @ApiProperty({ format: 'uuid' }) attachmentId!: string;
  @ApiProperty({ enum: REVIEW_DECISIONS }) decision!: ReviewDecision;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) retentionUntil!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) reviewAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) limit!: string | null;
  @ApiProperty({ format: 'date-time' }) reviewedAt!: string;
}
