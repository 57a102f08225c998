import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { CONTACT_ANSWER_KINDS } from '../payloads/contact-24-7.payloads';

/**
 * Contents of a 24/7 ticket (art. 41). The article fixes no field list; these are what the requested point of
 * contact needs to act at once: the help sought, why it is an emergency if it is one, how to call back.
 */
export class ContactDetailsDto {
  @ApiPropertyOptional({ enum: CONTACT_ANSWER_KINDS, isArray: true, description: 'The help sought' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CONTACT_ANSWER_KINDS.length)
  @ArrayUnique()
  @IsIn(CONTACT_ANSWER_KINDS, {
    each: true,
    message: `each assistance type must be one of: ${CONTACT_ANSWER_KINDS.join(', ')}`,
  })
  assistanceTypes?: string[];

  @ApiPropertyOptional({
    description:
      'With urgency "emergency": the significant and imminent risk to the life or safety of a person (art. 2)',
    maxLength: 20000,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  emergencyRisk?: string;

  @ApiPropertyOptional({
    description: 'How the requesting point of contact can be reached at once (duty phone, address)',
    maxLength: 500,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  callback?: string;
}
