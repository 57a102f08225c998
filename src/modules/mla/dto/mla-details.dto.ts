import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsDateTime } from '@/common/validation/is-date-time';

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

/** The categories of stored computer data (UNCC art. 2: subscriber information, traffic data, content data). */
export const STORED_DATA_CATEGORIES = ['subscriber', 'traffic', 'content'] as const;

/**
 * What the requested State is asked to do with stored data (UNCC art. 44(1), Budapest 31(1) [GK]): search or
 * similarly access it, seize or similarly secure it, disclose it.
 */
export const STORED_DATA_MEASURES = ['search-or-access', 'seize-or-secure', 'disclose'] as const;

export class MlaItemDto {
  @ApiPropertyOptional({
    enum: MLA_ASSISTANCE_TYPES,
    description:
      "The kind of assistance the item is for (one of the request's assistanceTypes); stored-data: an art. 44 item, whose data, system, period and measure are required at submission",
  })
  @IsOptional()
  @IsIn(MLA_ASSISTANCE_TYPES)
  kind?: (typeof MLA_ASSISTANCE_TYPES)[number];

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

  @ApiPropertyOptional({
    maxLength: 5000,
    example: 'Mailbox contents and the login records of the account',
    description: 'Art. 44: the stored data sought',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  dataDescription?: string;

  @ApiPropertyOptional({
    enum: STORED_DATA_CATEGORIES,
    isArray: true,
    description: 'Art. 44: the categories of the data (art. 2: subscriber, traffic, content)',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(STORED_DATA_CATEGORIES, { each: true })
  dataCategories?: (typeof STORED_DATA_CATEGORIES)[number][];

  @ApiPropertyOptional({
    maxLength: 1000,
    example: 'Mail servers of Example Mail GmbH',
    description: 'Art. 44: the computer system holding the data (or give the provider)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  system?: string;

  @ApiPropertyOptional({
    maxLength: 1000,
    example: 'Vienna, Austria',
    description: 'Art. 44: where the system or the data is, if known',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  systemLocation?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Art. 44: the data from this date' })
  @IsOptional()
  @IsDateTime()
  periodFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Art. 44: the data up to this date' })
  @IsOptional()
  @IsDateTime()
  periodTo?: string;

  @ApiPropertyOptional({
    enum: STORED_DATA_MEASURES,
    isArray: true,
    description: 'Art. 44(1): search or access, seize or secure, disclose',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(STORED_DATA_MEASURES, { each: true })
  measures?: (typeof STORED_DATA_MEASURES)[number][];
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
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MlaItemDto)
  items?: MlaItemDto[];
}
