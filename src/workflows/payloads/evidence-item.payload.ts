import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';

/** A document handed over (MLA results, transmitted spontaneous information) by its name and SHA-256. */
export class EvidenceItemDto {
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  name!: string;

  @ApiProperty({ pattern: '^[a-f0-9]{64}$', description: 'SHA-256 of the item, lowercase hex' })
  @Matches(/^[a-f0-9]{64}$/, { message: 'sha256 must be 64 lowercase hex characters' })
  sha256!: string;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  size?: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The uploaded document holding this item (its SHA-256 must match)',
  })
  @IsOptional()
  @IsUUID()
  attachmentId?: string;
}
