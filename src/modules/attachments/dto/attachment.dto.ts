import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
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
  @ApiProperty({ enum: ['requesting', 'requested'] }) addedBy!: 'requesting' | 'requested';
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function toAttachmentResponse(a: Attachment, addedBy: 'requesting' | 'requested'): AttachmentResponse {
  return {
    id: a.id,
    requestId: a.requestId,
    kind: a.kind,
    filename: a.filename,
    mediaType: a.mediaType,
    size: a.size,
    sha256: a.sha256,
    description: a.description,
    addedBy,
    createdAt: a.createdAt.toISOString(),
  };
}
