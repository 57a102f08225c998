import { IsDateTime } from '@/common/validation/is-date-time';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** The most further parties any request may name (a channel may allow fewer). */
export const MAX_ADDITIONAL_PARTIES = 30;

export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export const PROCEEDING_TYPES = ['investigation', 'prosecution', 'judicial-proceeding'] as const;

export class OffenceDto {
  @ApiProperty({ example: 'Penal Code art. 290', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  provision!: string;

  @ApiPropertyOptional({ example: 7, description: 'Criminalisation article of the convention (7-21)' })
  @IsOptional()
  @IsInt()
  @Min(7)
  @Max(21)
  conventionArticle?: number;

  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  description!: string;
}

export class PersonConcernedDto {
  @ApiProperty({ maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiProperty({ example: 'suspect', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  role!: string;

  @ApiPropertyOptional({ example: 'AUT', description: 'ISO 3166-1 alpha-3' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'nationality must be an ISO 3166-1 alpha-3 code' })
  nationality?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  location?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be YYYY-MM-DD' })
  dateOfBirth?: string;
}

/** Fields every channel shares (DOMAIN.md 2 and 7); all optional while the request is a draft. */
export class RequestFieldsDto {
  @ApiPropertyOptional({ enum: URGENCIES, default: 'normal' })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: (typeof URGENCIES)[number];

  @ApiPropertyOptional({ example: 'en', description: 'ISO 639-1' })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'language must be an ISO 639-1 code such as en' })
  language?: string;

  @ApiPropertyOptional({
    description: 'Subject matter and nature of the investigation, prosecution or proceeding',
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  subject?: string;

  @ApiPropertyOptional({ enum: PROCEEDING_TYPES })
  @IsOptional()
  @IsIn(PROCEEDING_TYPES)
  proceedingType?: (typeof PROCEEDING_TYPES)[number];

  @ApiPropertyOptional({ type: [OffenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OffenceDto)
  offences?: OffenceDto[];

  @ApiPropertyOptional({ maxLength: 50000 })
  @IsOptional()
  @IsString()
  @MaxLength(50000)
  factsSummary?: string;

  @ApiPropertyOptional({ description: 'The assistance sought and any particular procedure to follow' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  assistanceSought?: string;

  @ApiPropertyOptional({ description: 'Why the evidence, information or action is sought' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  purpose?: string;

  @ApiPropertyOptional({ type: [PersonConcernedDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PersonConcernedDto)
  personsConcerned?: PersonConcernedDto[];

  @ApiPropertyOptional({
    default: false,
    description: 'Keep the existence and content of the request confidential',
  })
  @IsOptional()
  @IsBoolean()
  confidential?: boolean;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateTime()
  suggestedDeadline?: string;

  @ApiPropertyOptional({ description: 'Required when suggestedDeadline is given (UNTOC 18(24))' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  deadlineReason?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The request this one follows up (e.g. a preservation)',
  })
  @IsOptional()
  @IsUUID()
  followsUpRequestId?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_ADDITIONAL_PARTIES,
    description:
      'Further requested-side parties, beyond requestedAuthorityId, for a channel with more than two parties ' +
      '(joint investigation teams, art. 48; see GET /v1/workflows `maxAdditionalParties`)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ADDITIONAL_PARTIES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  additionalPartyIds?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Channel-specific, validated per channel',
  })
  @IsOptional()
  @IsObject()
  details?: Record<string, unknown>;
}
