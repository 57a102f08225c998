import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Attachment } from '../entities/attachment.entity';

export const ATTACHMENT_KINDS = ['warrant', 'judgment', 'translation', 'evidence', 'other'] as const;

/** The form fields sent with the file (multipart/form-data). */
export class UploadAttachmentFields {
  @ApiProperty({ enum: ATTACHMENT_KINDS })
  @IsIn(ATTACHMENT_KINDS)
  kind!: (typeof ATTACHMENT_KINDS)[number];

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({
    example: 'de',
    description: 'ISO 639-1 language the document is written in (required for a certified translation)',
  })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'language must be an ISO 639-1 code such as en' })
  language?: string;

  @ApiPropertyOptional({
    maxLength: 300,
    description:
      'A translation only: who certified it (sworn translator, authority); a certified translation in a ' +
      'language the requested State accepts lets a request in another language be submitted',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  certifiedBy?: string;

  @ApiPropertyOptional({ format: 'date', description: 'A translation only: the date of its certification' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'certifiedAt must be a date such as 2026-03-01' })
  certifiedAt?: string;
}

export class AttachmentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ enum: ATTACHMENT_KINDS }) kind!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() mediaType!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'SHA-256 of the content, lowercase hex' }) sha256!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) description!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'ISO 639-1' }) language!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Who certified the translation' })
  certifiedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) certifiedAt!: string | null;
  @ApiProperty({ enum: ['requesting', 'requested'] }) addedBy!: 'requesting' | 'requested';
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date',
    description:
      "A received document (the other side's): kept until this date (the earliest of the sender's RETENTION " +
      "conditions and the receiving State's declared rule, or earlier by a review); null: no rule",
  })
  retentionUntil!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date', description: 'When it is reviewed' })
  reviewAt!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'Deleted (retention): the content is gone, its SHA-256 and the certificate stay',
  })
  deletedAt!: string | null;
}

export function toAttachmentResponse(
  a: Attachment,
  addedBy: 'requesting' | 'requested',
  retention: { retentionUntil: string | null; reviewAt: string | null } = {
    retentionUntil: null,
    reviewAt: null,
  },
): AttachmentResponse {
  return {
    id: a.id,
    requestId: a.requestId,
    kind: a.kind,
    filename: a.filename,
    mediaType: a.mediaType,
    size: a.size,
    sha256: a.sha256,
    description: a.description,
    language: a.language ?? null,
    certifiedBy: a.certifiedBy ?? null,
    certifiedAt: a.certifiedAt ?? null,
    addedBy,
    createdAt: a.createdAt.toISOString(),
    retentionUntil: retention.retentionUntil,
    reviewAt: retention.reviewAt,
    deletedAt: a.deletedAt ? a.deletedAt.toISOString() : null,
  };
}
