import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
import { MEASURES, type Measure } from '../real-time-collection.constants';

/** A communication identifier whose traffic or content is sought (number, account, IP address...). */
export class CommunicationIdentifierDto {
  @ApiProperty({ example: 'phone-number', maxLength: 100, description: 'What the value designates' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  type!: string;

  @ApiProperty({ example: '+43 660 000000', maxLength: 1000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  value!: string;

  @ApiPropertyOptional({ example: 'Example Telecom AG', maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  provider?: string;
}

/**
 * Details of a request for real-time collection of traffic data (UNCC art. 45) or interception of content
 * data (art. 46). Mandatory contents (45(3), 46(2) [GK]) are checked at submission, not on the draft:
 * the requesting authority, the facts and nature of the proceedings (common fields), the target data and
 * its relation to the offence, what is known of the owner, user or location, the justification, and the
 * period asked for with the justification of its length.
 */
export class RealTimeCollectionDetailsDto {
  @ApiPropertyOptional({
    enum: MEASURES,
    description: 'traffic-data: real-time collection (art. 45); content-data: interception (art. 46)',
  })
  @IsOptional()
  @IsIn(MEASURES)
  measure?: Measure;

  @ApiPropertyOptional({
    description: 'The authority seeking the measure (court, prosecutor, police unit) (45(3)(a) [GK])',
    maxLength: 500,
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  requestingAuthority?: string;

  @ApiPropertyOptional({
    description: 'The communications whose traffic or content data is to be collected (45(3)(c) [GK])',
    maxLength: 20000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  targetData?: string;

  @ApiPropertyOptional({ description: 'How the target data relates to the offence', maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  relationToOffence?: string;

  @ApiPropertyOptional({
    description: 'What is known of the owner or user of the data or the location of the system (45(3)(d))',
    maxLength: 20000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  ownerUserOrLocation?: string;

  @ApiPropertyOptional({ type: [CommunicationIdentifierDto], description: 'Identifiers of the target' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CommunicationIdentifierDto)
  identifiers?: CommunicationIdentifierDto[];

  @ApiPropertyOptional({ description: 'Why the measure is needed (45(3)(e) [GK])', maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  justification?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Start of the collection period asked for' })
  @IsOptional()
  @IsDateTime()
  periodStart?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End of the collection period asked for' })
  @IsOptional()
  @IsDateTime()
  periodEnd?: string;

  @ApiPropertyOptional({
    description: 'Why the period needs this length (45(3)(f), 46(2)(f) [GK])',
    maxLength: 20000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  periodJustification?: string;
}
