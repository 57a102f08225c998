import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/**
 * What a 24/7 point of contact helps with (art. 41 as in Budapest 35(1)): technical advice, where a provider
 * is (for a preservation), legal information, locating suspects, electronic data to avert an emergency.
 */
export const CONTACT_ANSWER_KINDS = [
  'technical-advice',
  'provider-location',
  'legal-information',
  'suspect-location',
  'emergency-data',
] as const;

/** Inside the requested State, who takes the ticket further (art. 41; Budapest 35(2)). */
export const CONTACT_ROUTES = [
  'central-authority',
  'competent-authority',
  'service-provider-liaison',
] as const;

export class AcknowledgeTicketPayload {
  @ApiProperty({
    description: 'The duty officer who takes the ticket (whom the requesting point of contact can call)',
    maxLength: 300,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  handledBy!: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  note?: string;
}

export class RouteTicketPayload {
  @ApiProperty({ enum: CONTACT_ROUTES, description: 'Which kind of domestic authority takes it further' })
  @IsIn(CONTACT_ROUTES, { message: `to must be one of: ${CONTACT_ROUTES.join(', ')}` })
  to!: (typeof CONTACT_ROUTES)[number];

  @ApiProperty({ description: 'The domestic authority it was sent to', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  authority!: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  note?: string;
}

/** Electronic data handed over with an answer (e.g. to avert an emergency), by its SHA-256. */
export class ContactDataItemDto {
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
}

export class AnswerTicketPayload {
  @ApiProperty({ enum: CONTACT_ANSWER_KINDS })
  @IsIn(CONTACT_ANSWER_KINDS, { message: `kind must be one of: ${CONTACT_ANSWER_KINDS.join(', ')}` })
  kind!: (typeof CONTACT_ANSWER_KINDS)[number];

  @ApiProperty({ description: 'The advice, information or location given', maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  answer!: string;

  @ApiPropertyOptional({ type: [ContactDataItemDto], description: 'Electronic data handed over, if any' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ContactDataItemDto)
  items?: ContactDataItemDto[];
}
