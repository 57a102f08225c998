import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

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

export class TransmitResultsPayload {
  @ApiProperty({
    description: 'true when these are the last results (EXECUTED), false for a partial delivery',
  })
  @IsBoolean()
  final!: boolean;

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  summary!: string;

  @ApiProperty({ type: [EvidenceItemDto] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => EvidenceItemDto)
  items!: EvidenceItemDto[];
}
