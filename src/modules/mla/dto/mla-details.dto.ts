import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** API.md: the kinds of assistance an MLA request may seek (UNCC art. 40(3), extended for data). */
export const MLA_ASSISTANCE_TYPES = [
  'stored-data',
  'subscriber-info',
  'traffic-data',
  'search-seizure',
  'witness-statement',
  'service-of-documents',
  'expert-evidence',
  'other',
] as const;

export class MlaItemDto {
  @ApiProperty({ example: 'email-account', maxLength: 100, description: 'What the value designates' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  type!: string;

  @ApiProperty({ example: 'suspect@example.org', maxLength: 1000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  value!: string;

  @ApiPropertyOptional({ example: 'Example Mail GmbH', maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  provider?: string;
}

export class MlaDetailsDto {
  @ApiPropertyOptional({ enum: MLA_ASSISTANCE_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(MLA_ASSISTANCE_TYPES, { each: true })
  assistanceTypes?: (typeof MLA_ASSISTANCE_TYPES)[number][];

  @ApiPropertyOptional({ type: [MlaItemDto], description: 'Items, accounts or data to obtain' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => MlaItemDto)
  items?: MlaItemDto[];
}
