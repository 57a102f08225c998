import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/**
 * Narrow grounds for refusing preservation or withholding traffic data (art. 42-43; Budapest 29(4)-(5),
 * 30(2)). The exact UN cross-reference is unverified ([GK]): kept as data here.
 */
export const PRESERVATION_REFUSAL_GROUNDS = [
  'ESSENTIAL_INTERESTS',
  'DOMESTIC_PROHIBITION',
  'POLITICAL_OFFENCE',
  'DISCRIMINATORY_PURPOSE',
  'NO_DUAL_CRIMINALITY_RESERVATION',
] as const;

export const WARNING_CONCERNS = [
  'DATA_NOT_SECURED',
  'CONFIDENTIALITY_AT_RISK',
  'INVESTIGATION_PREJUDICED',
] as const;

export class StartPreservationPayload {
  @ApiPropertyOptional({
    description: 'Reference of the domestic preservation order issued to the custodian',
    maxLength: 300,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  orderReference?: string;
}

export class PreservationRefusePayload {
  @ApiProperty({ enum: PRESERVATION_REFUSAL_GROUNDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(PRESERVATION_REFUSAL_GROUNDS, {
    each: true,
    message: `each ground must be one of: ${PRESERVATION_REFUSAL_GROUNDS.join(', ')} (preservation may be refused on narrow grounds only)`,
  })
  grounds!: string[];

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;
}

export class IssueWarningPayload {
  @ApiProperty({ enum: WARNING_CONCERNS, description: 'Art. 42 / Budapest 29(6)' })
  @IsIn(WARNING_CONCERNS)
  concern!: (typeof WARNING_CONCERNS)[number];

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;
}

export class ConfirmPreservationPayload {
  @ApiProperty({ description: "The custodian's confirmation that the data is preserved", maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  custodianConfirmation!: string;
}

export class RequestExtensionPayload {
  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;
}

export class GrantExtensionPayload {
  @ApiPropertyOptional({
    description: "Days added to the current expiry; default: the State's preservation period",
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.000001)
  @Max(3650)
  days?: number;
}

export class DeclineExtensionPayload {
  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;
}

export class DiscloseTrafficDataPayload {
  @ApiProperty({
    description: 'Service provider in another State involved in the transmission',
    maxLength: 300,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  providerName!: string;

  @ApiProperty({ example: 'GHA', description: 'ISO 3166-1 alpha-3 of the provider' })
  @Matches(/^[A-Z]{3}$/, { message: 'providerCountry must be an ISO 3166-1 alpha-3 code' })
  providerCountry!: string;

  @ApiProperty({
    description: 'Traffic data sufficient to identify the provider and the path (art. 43)',
    maxLength: 20000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  trafficData!: string;
}

export class WithholdTrafficDataPayload {
  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  providerName?: string;

  @ApiProperty({ example: 'GHA' })
  @Matches(/^[A-Z]{3}$/, { message: 'providerCountry must be an ISO 3166-1 alpha-3 code' })
  providerCountry!: string;

  @ApiProperty({ enum: PRESERVATION_REFUSAL_GROUNDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(PRESERVATION_REFUSAL_GROUNDS, { each: true })
  grounds!: string[];

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;
}
